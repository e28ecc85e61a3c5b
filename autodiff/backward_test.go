package autodiff_test

import (
	"math"
	"sync"
	"testing"

	"github.com/chainrule/chainrule/autodiff"
)

func TestBackwardSharedValues(t *testing.T) {
	type V = autodiff.Value[float64]
	tests := []struct {
		name string
		x    float64
		f    func(x *V) *V
		want float64 // dy/dx, computed by hand
	}{
		{"x*x", 3, func(x *V) *V { return x.Mul(x) }, 6},
		{"x+x", 3, func(x *V) *V { return x.Add(x) }, 2},
		{"x-x", 3, func(x *V) *V { return x.Sub(x) }, 0},
		{"x/x", 3, func(x *V) *V { return x.Div(x) }, 0},
		{"dot(x,x,x; x,x,x)", 3, func(x *V) *V {
			xs := []*V{x, x, x}
			return autodiff.Dot(xs, xs)
		}, 18},
		{"diamond: (x*2) * (x+1)", 3, func(x *V) *V {
			return x.Mul(autodiff.Const(2.0)).Mul(x.Add(autodiff.Const(1.0)))
		}, 14},
		{"x feeding every neuron", 2, func(x *V) *V {
			var outs []*V
			for i := range 5 {
				outs = append(outs, x.Mul(autodiff.Const(float64(i))).Tanh())
			}
			return autodiff.Sum(outs...)
		}, 1*(1-math.Pow(math.Tanh(2), 2)) + 2*(1-math.Pow(math.Tanh(4), 2)) +
			3*(1-math.Pow(math.Tanh(6), 2)) + 4*(1-math.Pow(math.Tanh(8), 2))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := autodiff.New(tt.x)
			tt.f(x).Backward()
			if math.Abs(x.Grad()-tt.want) > 1e-12 {
				t.Errorf("gradient: got %v, want %v", x.Grad(), tt.want)
			}
		})
	}
}

// TestBackwardTwice checks PyTorch's accumulation rule: leaves add up, the
// gradients of everything else are recomputed.
func TestBackwardTwice(t *testing.T) {
	a, b := autodiff.New(2.0), autodiff.New(-3.0)
	ab := a.Mul(b)
	y := ab.Add(a)
	y.Backward()
	first := []float64{a.Grad(), b.Grad(), ab.Grad(), y.Grad()}
	y.Backward()
	got := []float64{a.Grad(), b.Grad(), ab.Grad(), y.Grad()}
	want := []float64{2 * first[0], 2 * first[1], first[2], first[3]}
	for i, name := range []string{"a", "b", "a*b", "y"} {
		if got[i] != want[i] {
			t.Errorf("%s after two Backwards: got %v, want %v", name, got[i], want[i])
		}
	}
	if first[0] != -2 || first[1] != 2 {
		t.Errorf("after one Backward: got a %v, b %v; want -2, 2", first[0], first[1])
	}
	a.ZeroGrad()
	if a.Grad() != 0 {
		t.Errorf("after ZeroGrad: got %v, want 0", a.Grad())
	}
}

// TestBackwardSubgraph checks that a Backward from an interior Value resets
// the gradients below it only.
func TestBackwardSubgraph(t *testing.T) {
	x := autodiff.New(2.0)
	h := x.Mul(x)
	y := h.Mul(autodiff.Const(3.0))
	y.Backward() // dy/dh = 3, dy/dx = 12
	x.ZeroGrad()
	h.Backward() // dh/dh = 1, dh/dx = 4
	if h.Grad() != 1 || x.Grad() != 4 {
		t.Errorf("got h %v, x %v; want 1, 4", h.Grad(), x.Grad())
	}
	if y.Grad() != 1 {
		t.Errorf("root of the earlier Backward: got %v, want 1 left alone", y.Grad())
	}
}

func TestBackwardConstants(t *testing.T) {
	c := autodiff.Const(2.0)
	x := autodiff.New(3.0)
	onlyConst := c.Mul(c).Exp()
	y := onlyConst.Mul(x)
	y.Backward()
	if c.Grad() != 0 || onlyConst.Grad() != 0 {
		t.Errorf("constant-fed values got gradients %v, %v; want 0, 0",
			c.Grad(), onlyConst.Grad())
	}
	if want := math.Exp(4); x.Grad() != want {
		t.Errorf("x: got %v, want %v", x.Grad(), want)
	}
	if onlyConst.RequiresGrad() || !y.RequiresGrad() {
		t.Errorf("RequiresGrad: got %v for exp(c*c), %v for y; want false, true",
			onlyConst.RequiresGrad(), y.RequiresGrad())
	}
	onlyConst.Backward() // does nothing, and must not panic
	if onlyConst.Grad() != 0 {
		t.Errorf("Backward on a constant-fed root: got %v, want 0", onlyConst.Grad())
	}
	x.Backward()
	if want := math.Exp(4) + 1; x.Grad() != want {
		t.Errorf("Backward on a leaf: got %v, want %v", x.Grad(), want)
	}
}

// TestDeepChain differentiates x = x*1.0001 + 0.0001 repeated n times, whose
// derivative is 1.0001^n, without recursion.
func TestDeepChain(t *testing.T) {
	n := 10_000_000
	if testing.Short() || raceEnabled {
		n = 1_000_000
	}
	g := autodiff.NewGraph[float64]()
	a, b := g.Const(1.0001), g.Const(0.0001)
	x := g.New(1)
	y := x
	for range n {
		y = y.Mul(a).Add(b)
	}
	y.Backward()
	want := math.Pow(1.0001, float64(n))
	if math.Abs(x.Grad()-want) > 1e-9*want {
		t.Errorf("chain of %d: got %v, want %v", 2*n, x.Grad(), want)
	}
}

// TestWideSum differentiates a Sum and a Dot over a million leaves.
func TestWideSum(t *testing.T) {
	n := 1_000_000
	xs := make([]*autodiff.Value[float64], n)
	ws := make([]*autodiff.Value[float64], n)
	for i := range xs {
		xs[i] = autodiff.New(float64(i))
		ws[i] = autodiff.New(2.0)
	}
	autodiff.Sum(xs...).Mul(autodiff.Dot(xs, ws)).Backward()
	sum, dot := float64(n)*float64(n-1)/2, float64(n)*float64(n-1)
	for _, i := range []int{0, 1, n / 2, n - 1} {
		wantX := dot + sum*2
		wantW := sum * float64(i)
		if xs[i].Grad() != wantX || ws[i].Grad() != wantW {
			t.Errorf("leaf %d: got x %v, w %v; want %v, %v",
				i, xs[i].Grad(), ws[i].Grad(), wantX, wantW)
		}
	}
}

// TestSeparateGraphsConcurrently builds and differentiates one graph per
// goroutine; run with -race it shows that the package shares no state.
func TestSeparateGraphsConcurrently(t *testing.T) {
	const workers = 8
	got := make([]float64, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			g := autodiff.NewGraph[float64]()
			for range 50 {
				g.Reset()
				x := g.New(float64(w))
				h := autodiff.New(float64(w)) // a heap leaf of this goroutine's own
				y := x.Mul(x).Add(h.Sin()).Tanh()
				for range 20 {
					y = y.Add(x.Mul(h)).Tanh()
				}
				y.Backward()
				got[w] = x.Grad()
			}
		})
	}
	wg.Wait()
	for w := range workers {
		// The same computation on the heap, alone, must agree exactly.
		x, h := autodiff.New(float64(w)), autodiff.New(float64(w))
		y := x.Mul(x).Add(h.Sin()).Tanh()
		for range 20 {
			y = y.Add(x.Mul(h)).Tanh()
		}
		y.Backward()
		if got[w] != x.Grad() {
			t.Errorf("worker %d: got %v, want %v", w, got[w], x.Grad())
		}
	}
}

// TestGraphBackwardMatchesHeap builds the same function on the heap and in a
// Graph, where Backward walks the Graph's memory instead of searching, also
// with a heap-made op below the Graph's root, in each place of an n-ary op
// where one can be, which forces the search.
func TestGraphBackwardMatchesHeap(t *testing.T) {
	type V = autodiff.Value[float64]
	// f mixes every kind of op and reuses Values, with its constants made by
	// newConst and its Graph.Dot in g; the input in place heapAt becomes the
	// result of an op on the heap.
	f := func(x []*V, newConst func(float64) *V, g *autodiff.Graph[float64],
		heapAt string) *V {
		in := func(place string, v *V) *V {
			if place == heapAt {
				return v.Sin() // an op of heap Values only
			}
			return v
		}
		h := x[0].Add(newConst(0.5)).Mul(x[1]).Tanh()
		k := autodiff.Dot([]*V{h, x[2], h}, []*V{x[2], h, x[0]}).Sigmoid()
		a := autodiff.Affine([]*V{x[0], in("weights", x[2])}, []*V{h, in("inputs", x[1])},
			in("bias", x[0]))
		d := g.Dot([]*V{x[1], in("Graph.Dot", x[2])}, []*V{x[0], x[1]})
		l := x[0].Sub(newConst(1)).LeakyReLU(0.1)
		m := autodiff.Sum(h, k, a, d, in("Sum", x[1]), l).Pow(newConst(2))
		return m.Mul(h).Sub(autodiff.LogSumExp(k, m, x[2]))
	}
	for _, tt := range []struct {
		heapAt string // "" for none
		mixed  bool
	}{{"", false}, {"Sum", true}, {"weights", true}, {"inputs", true}, {"bias", true},
		{"Graph.Dot", true}} {
		name := "heap op in " + tt.heapAt
		if tt.heapAt == "" {
			name = "graph only"
		}
		t.Run(name, func(t *testing.T) {
			at := []float64{0.3, -1.1, 0.7}
			heapX := []*V{autodiff.New(at[0]), autodiff.New(at[1]), autodiff.New(at[2])}
			f(heapX, autodiff.Const[float64], nil, tt.heapAt).Backward()

			g := autodiff.NewGraph[float64]()
			// Heap leaves as the parameters, two steps, each Backward twice.
			x := []*V{autodiff.New(at[0]), autodiff.New(at[1]), autodiff.New(at[2])}
			for step := range 2 {
				g.Reset()
				for _, xi := range x {
					xi.ZeroGrad()
				}
				y := f(x, g.Const, g, tt.heapAt)
				if autodiff.Mixed(g) != tt.mixed {
					t.Fatalf("the Graph has a heap op below: %v, want %v",
						autodiff.Mixed(g), tt.mixed)
				}
				y.Backward()
				y.Backward()
				for i := range x {
					want := 2 * heapX[i].Grad()
					if math.Abs(x[i].Grad()-want) > 1e-14*math.Abs(want) {
						t.Errorf("step %d, x[%d]: got %v, want %v", step, i, x[i].Grad(), want)
					}
				}
			}
		})
	}
}

// TestDotAndAffineOfResults checks Dot and Affine whose vectors and bias
// hold op results, not only leaves, against finite differences: on the heap,
// where Backward counts each result's consumers, and in a Graph, where it
// walks the Graph's memory.
func TestDotAndAffineOfResults(t *testing.T) {
	type V = autodiff.Value[float64]
	for _, where := range []string{"heap", "graph"} {
		t.Run(where, func(t *testing.T) {
			var g *autodiff.Graph[float64]
			if where == "graph" {
				g = autodiff.NewGraph[float64]()
			}
			f := func(x []*V) *V {
				if g != nil {
					g.Reset()
				}
				// Results of g's ops, or heap ops when g is nil.
				h, k := x[0].Add(g.Const(0)).Tanh(), x[1].Mul(g.Const(1)).Exp()
				a := autodiff.Affine([]*V{x[1], h}, []*V{h, k}, h.Sin()).Mul(h)
				y := a.Add(autodiff.Dot([]*V{k, h}, []*V{k, x[0]}))
				if g != nil && autodiff.Mixed(g) {
					t.Fatal("the Graph has a heap op below; want none")
				}
				return y
			}
			err := autodiff.CheckGradient(f, []float64{0.5, -0.3}, autodiff.Tolerance{})
			if err != nil {
				t.Error(err)
			}
		})
	}
}

// TestAffineFirstVector checks Affine's first vector holding leaves made by
// New, as a neuron's weights do and as Backward counts on, and holding other
// Values from some place on: a constant, which must get no gradient, and op
// results. In the last case the leaves are all first, but an input of the
// second vector is a heap op, which the Graph must note as well.
func TestAffineFirstVector(t *testing.T) {
	type V = autodiff.Value[float64]
	tests := []struct {
		name string
		vecs func(g *autodiff.Graph[float64], x []*V) (first, second []*V)
	}{
		{"leaves", func(g *autodiff.Graph[float64], x []*V) ([]*V, []*V) {
			return []*V{x[0], x[1]}, []*V{x[2].Mul(g.Const(2)).Tanh(), x[2]}
		}},
		{"leaf then constant", func(g *autodiff.Graph[float64], x []*V) ([]*V, []*V) {
			return []*V{x[0], g.Const(0.7)}, []*V{x[1].Mul(g.Const(2)).Tanh(), x[2]}
		}},
		{"leaf then op result", func(g *autodiff.Graph[float64], x []*V) ([]*V, []*V) {
			return []*V{x[0], x[1].Mul(g.Const(3))}, []*V{x[2], x[1]}
		}},
		{"leaves, then a heap op second", func(g *autodiff.Graph[float64], x []*V) ([]*V, []*V) {
			return []*V{x[0], x[1]}, []*V{x[2].Mul(g.Const(2)), x[2].Exp()}
		}},
	}
	for _, where := range []string{"heap", "graph"} {
		for _, tt := range tests {
			t.Run(where+"/"+tt.name, func(t *testing.T) {
				var g *autodiff.Graph[float64]
				if where == "graph" {
					g = autodiff.NewGraph[float64]()
				}
				var first []*V
				f := func(x []*V) *V {
					if g != nil {
						g.Reset()
					}
					var second []*V
					first, second = tt.vecs(g, x)
					return autodiff.Affine(first, second, x[3]).Mul(x[0])
				}
				x0 := []float64{0.5, -0.3, 0.8, 0.1}
				if err := autodiff.CheckGradient(f, x0, autodiff.Tolerance{}); err != nil {
					t.Error(err)
				}
				x := make([]*V, len(x0))
				for i, xi := range x0 {
					x[i] = autodiff.New(xi)
				}
				f(x).Backward()
				for i, w := range first {
					if w.IsConst() && w.Grad() != 0 {
						t.Errorf("constant at %d: gradient %v, want 0", i, w.Grad())
					}
				}
			})
		}
	}
}

// TestGraphBackwardFromInterior checks a Backward from a Value in the middle
// of a Graph, which walks past Values made after it.
func TestGraphBackwardFromInterior(t *testing.T) {
	g := autodiff.NewGraph[float64]()
	x := g.New(2)
	h := x.Mul(x)
	y := h.Mul(g.Const(3))
	h.Backward()
	if x.Grad() != 4 || h.Grad() != 1 || y.Grad() != 0 {
		t.Errorf("got x %v, h %v, y %v; want 4, 1, 0", x.Grad(), h.Grad(), y.Grad())
	}
	x.ZeroGrad()
	y.Backward()
	if x.Grad() != 12 || h.Grad() != 3 {
		t.Errorf("got x %v, h %v; want 12, 3", x.Grad(), h.Grad())
	}
}
