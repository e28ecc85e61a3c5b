package autodiff_test

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/chainrule/chainrule/autodiff"
)

// A workload builds a graph of about n Values in g and returns its root and
// the number of Values it made.
type workload func(g *autodiff.Graph[float64], n int) (root *autodiff.Value[float64], nodes int)

// chain is W2: x = x * 1.0001 + 0.0001, n times.
func chain(g *autodiff.Graph[float64], n int) (*autodiff.Value[float64], int) {
	a, c := g.Const(1.0001), g.Const(0.0001)
	y := g.New(1)
	for range n / 2 {
		y = y.Mul(a).Add(c)
	}
	return y, g.Len()
}

// sum is W3's first half: one Sum over n leaves.
func sum(g *autodiff.Graph[float64], n int) (*autodiff.Value[float64], int) {
	xs := g.Values(n)
	for i := range xs {
		xs[i] = g.New(float64(i))
	}
	return autodiff.Sum(xs...), g.Len()
}

// dot is W3's second half: the Dot of two vectors of n/2 leaves.
func dot(g *autodiff.Graph[float64], n int) (*autodiff.Value[float64], int) {
	a, b := g.Values(n/2), g.Values(n/2)
	for i := range a {
		a[i], b[i] = g.New(float64(i)), g.New(1)
	}
	return autodiff.Dot(a, b), g.Len()
}

// BenchmarkBackward times Backward per Value on W2 (depth) and W3 (width) at
// sizes from a thousand to ten million Values, reporting:
//   - ns/node: Backward's time per Value;
//   - x1k: that time over the time per Value at 1,000 Values, in this run;
//   - B/node: all bytes allocated to build the graph and run Backward once,
//     per Value, a bound on the peak memory the graph and the sweep need.
func BenchmarkBackward(b *testing.B) {
	for _, w := range []struct {
		name  string
		build workload
	}{{"depth", chain}, {"sum", sum}, {"dot", dot}} {
		small := perNode(w.build, 1000)
		for _, n := range []int{1e3, 1e4, 1e5, 1e6, 1e7} {
			b.Run(fmt.Sprintf("%s/nodes=%d", w.name, n), func(b *testing.B) {
				b.ReportAllocs()
				g := autodiff.NewGraph[float64]()
				bytes, root, nodes := allocated(func() (*autodiff.Value[float64], int) {
					root, nodes := w.build(g, n)
					root.Backward()
					return root, nodes
				})
				b.ResetTimer()
				for b.Loop() {
					root.Backward()
				}
				ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N) / float64(nodes)
				b.ReportMetric(ns, "ns/node")
				b.ReportMetric(ns/small, "x1k")
				b.ReportMetric(float64(bytes)/float64(nodes), "B/node")
			})
		}
	}
}

// perNode returns Backward's time per Value on a graph of n Values from build,
// timed by hand: testing.Benchmark cannot run inside a benchmark.
func perNode(build workload, n int) float64 {
	g := autodiff.NewGraph[float64]()
	root, nodes := build(g, n)
	runs := 0
	start := time.Now()
	for ; time.Since(start) < 200*time.Millisecond; runs++ {
		root.Backward()
	}
	return float64(time.Since(start).Nanoseconds()) / float64(runs) / float64(nodes)
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
