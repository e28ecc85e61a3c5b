package autodiff_test

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/chainrule/chainrule/autodiff"
)

// A workload prepares, outside the memory it is measured for, what the
// caller of a graph of about n Values in g holds, such as a slice of leaves,
// and returns the function that builds the graph, which returns its root and
// the number of Values it made.
type workload func(g *autodiff.Graph[float64], n int) (
	build func() (*autodiff.Value[float64], int))

// chain is W2: x = x * 1.0001 + 0.0001, n times.
func chain(g *autodiff.Graph[float64], n int) func() (*autodiff.Value[float64], int) {
	return func() (*autodiff.Value[float64], int) {
		a, c := g.Const(1.0001), g.Const(0.0001)
		y := g.New(1)
		for range n / 2 {
			y = y.Mul(a).Add(c)
		}
		return y, g.Len()
	}
}

// sum is W3's first half: one Sum over n leaves, held in the caller's slice.
func sum(g *autodiff.Graph[float64], n int) func() (*autodiff.Value[float64], int) {
	xs := make([]*autodiff.Value[float64], n)
	return func() (*autodiff.Value[float64], int) {
		for i := range xs {
			xs[i] = g.New(float64(i))
		}
		return autodiff.Sum(xs...), g.Len()
	}
}

// dot is W3's second half: the Dot of two vectors of n/2 leaves, held in
// the caller's slices.
func dot(g *autodiff.Graph[float64], n int) func() (*autodiff.Value[float64], int) {
	a, b := make([]*autodiff.Value[float64], n/2), make([]*autodiff.Value[float64], n/2)
	return func() (*autodiff.Value[float64], int) {
		for i := range a {
			a[i], b[i] = g.New(float64(i)), g.New(1)
		}
		return autodiff.Dot(a, b), g.Len()
	}
}

// BenchmarkBackward times Backward per Value on W2 (depth) and W3 (width) at
// sizes from a thousand to ten million Values, reporting:
//   - ns/node: Backward's time per Value;
//   - x1k: that time over the time per Value of the same workload at 1,000
//     Values, timed in the same iterations, alternating, over as many
//     Values in all, so that both see the machine alike;
//   - B/node: all bytes allocated to build the graph and run Backward once,
//     per Value, a bound on the peak memory the graph and the sweep need.
//     The caller's slices of leaves, 8 bytes per leaf, are not counted.
func BenchmarkBackward(b *testing.B) {
	for _, w := range []struct {
		name    string
		prepare workload
	}{{"depth", chain}, {"sum", sum}, {"dot", dot}} {
		for _, n := range []int{1e3, 1e4, 1e5, 1e6, 1e7} {
			b.Run(fmt.Sprintf("%s/nodes=%d", w.name, n), func(b *testing.B) {
				b.ReportAllocs()
				small, smallNodes := w.prepare(autodiff.NewGraph[float64](), 1000)()
				build := w.prepare(autodiff.NewGraph[float64](), n)
				bytes, root, nodes := allocated(func() (*autodiff.Value[float64], int) {
					root, nodes := build()
					root.Backward()
					return root, nodes
				})
				reps := max(1, nodes/smallNodes)
				var big, ref time.Duration
				b.ResetTimer()
				for b.Loop() {
					t0 := time.Now()
					root.Backward()
					t1 := time.Now()
					for range reps {
						small.Backward()
					}
					big += t1.Sub(t0)
					ref += time.Since(t1)
				}
				ns := float64(big.Nanoseconds()) / float64(b.N) / float64(nodes)
				refNs := float64(ref.Nanoseconds()) / float64(b.N*reps) / float64(smallNodes)
				b.ReportMetric(ns, "ns/node")
				b.ReportMetric(ns/refNs, "x1k")
				b.ReportMetric(float64(bytes)/float64(nodes), "B/node")
			})
		}
	}
}

// allocated returns the bytes that f allocates, with f's results.
func allocated(f func() (*autodiff.Value[float64], int)) (uint64, *autodiff.Value[float64], int) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	root, nodes := f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc, root, nodes
}

// plainNode is a stand-in for a Value of the same size, 48 bytes, with no
// engine behind it.
type plainNode struct {
	data, grad float64
	_          [4]uint64
}

// BenchmarkDotFloor is W3's Dot with no engine: its backward pass written as
// a bare loop over plain nodes of a Value's size, laid out as a Graph lays
// out the leaves, timed and reported as BenchmarkBackward's dot is. Its
// ns/node at 10 million nodes is what the memory allows a pass that moves
// as many bytes; its x1k, how far the caches alone slow such a pass down.
func BenchmarkDotFloor(b *testing.B) {
	prepare := func(n int) func() {
		nodes := make([]plainNode, n)
		a, c := make([]*plainNode, n/2), make([]*plainNode, n/2)
		for i := range a {
			a[i], c[i] = &nodes[2*i], &nodes[2*i+1]
			a[i].data, c[i].data = float64(i), 1
		}
		return func() {
			const grad = 1.0
			for i, x := range a {
				y := c[i]
				x.grad += grad * y.data
				y.grad += grad * x.data
			}
		}
	}
	small := prepare(1000)
	for _, n := range []int{1e3, 1e6, 1e7} {
		b.Run(fmt.Sprintf("nodes=%d", n), func(b *testing.B) {
			big, reps := prepare(n), n/1000
			var tBig, tRef time.Duration
			b.ReportAllocs()
			for b.Loop() {
				t0 := time.Now()
				big()
				t1 := time.Now()
				for range reps {
					small()
				}
				tBig += t1.Sub(t0)
				tRef += time.Since(t1)
			}
			b.ReportMetric(float64(tBig.Nanoseconds())/float64(b.N)/float64(n), "ns/node")
			b.ReportMetric(float64(tBig)/float64(tRef), "x1k")
		})
	}
}

// BenchmarkNeuron times what a neuron of a network costs the engine: an
// Affine of n weights, its ReLU, and Backward through both, in a reused
// Graph, 100 neurons on the same inputs an iteration. It reports ns/neuron;
// the difference between the widths, divided by 31, is the cost of a weight,
// and the rest is what every neuron costs whatever its width.
func BenchmarkNeuron(b *testing.B) {
	const neurons = 100
	for _, n := range []int{1, 32} {
		b.Run(fmt.Sprintf("inputs=%d", n), func(b *testing.B) {
			w := make([]*autodiff.Value[float64], n)
			for i := range w {
				w[i] = autodiff.New(0.5)
			}
			bias := autodiff.New(0.1)
			g := autodiff.NewGraph[float64]()
			step := func() {
				g.Reset()
				x, out := g.Values(n), g.Values(neurons)
				for i := range x {
					x[i] = g.New(1).ReLU()
				}
				for j := range out {
					out[j] = autodiff.Affine(w, x, bias).ReLU()
				}
				g.Sum(out...).Backward()
			}
			step()
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				step()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/neurons, "ns/neuron")
		})
	}
}
