package autodiff_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/chainrule/chainrule/autodiff"
)

// TestDotChecksEveryPlace puts one input that the summing loop of Dot and
// Affine cannot pass in each place of either vector, after inputs it can
// pass: a Value of another Graph must make the op panic, and an op made on
// the heap must make the Graph search in Backward, which must then give the
// leaf below it its gradient.
func TestDotChecksEveryPlace(t *testing.T) {
	type V = autodiff.Value[float64]
	strangers := []struct {
		name  string
		make  func(other *autodiff.Graph[float64], u *V) *V
		panic bool
	}{
		{"other Graph's leaf", func(o *autodiff.Graph[float64], _ *V) *V {
			return o.New(2)
		}, true},
		{"other Graph's labelled leaf", func(o *autodiff.Graph[float64], _ *V) *V {
			return o.New(2).Named("o")
		}, true},
		{"other Graph's constant", func(o *autodiff.Graph[float64], _ *V) *V {
			return o.Const(2)
		}, true},
		{"other Graph's op", func(o *autodiff.Graph[float64], _ *V) *V {
			return o.New(2).Exp()
		}, true},
		{"heap op", func(_ *autodiff.Graph[float64], u *V) *V { return u.Exp() }, false},
		{"labelled heap op", func(_ *autodiff.Graph[float64], u *V) *V {
			return u.Exp().Named("e")
		}, false},
		{"heap Sum", func(_ *autodiff.Graph[float64], u *V) *V {
			return autodiff.Sum(u, u)
		}, false},
	}
	builders := []struct {
		name  string
		build func(g *autodiff.Graph[float64], first, second []*V) *V
	}{
		{"Dot", func(_ *autodiff.Graph[float64], a, b []*V) *V { return autodiff.Dot(a, b) }},
		{"Graph.Dot", func(g *autodiff.Graph[float64], a, b []*V) *V { return g.Dot(a, b) }},
		{"Affine", func(g *autodiff.Graph[float64], a, b []*V) *V {
			return autodiff.Affine(a, b, g.New(0.25)) // the Graph comes from the bias
		}},
	}
	const n = 3
	for _, st := range strangers {
		for _, bd := range builders {
			for _, vec := range []string{"first", "second"} {
				for p := range n {
					name := fmt.Sprintf("%s/%s/%s/%d", st.name, bd.name, vec, p)
					t.Run(name, func(t *testing.T) {
						g, other := autodiff.NewGraph[float64](), autodiff.NewGraph[float64]()
						u := autodiff.New(0.5)
						first, second := make([]*V, n), make([]*V, n)
						for i := range n {
							// Weights on the heap, inputs in g: what the loop passes.
							first[i] = autodiff.New(float64(i) + 1).Named("w")
							second[i] = g.New(float64(i) - 0.5).Tanh()
						}
						s := st.make(other, u)
						if vec == "first" {
							first[p] = s
						} else {
							second[p] = s
						}
						defer func() {
							r := recover()
							msg, _ := r.(string)
							switch {
							case st.panic && !strings.HasPrefix(msg, "autodiff: "):
								t.Errorf("got panic %v, want one starting \"autodiff: \"", r)
							case !st.panic && r != nil:
								t.Errorf("got panic %v, want none", r)
							}
						}()
						y := bd.build(g, first, second)
						if st.panic {
							return
						}
						if !autodiff.Mixed(g) {
							t.Errorf("a heap op among the inputs: Mixed is false, want true")
						}
						if y.Graph() != g {
							t.Errorf("result is not in the Graph of its inputs")
						}
						y.Backward()
						// s is exp(u) or u + u; ds/du is s.Data() or 2.
						dsdu := s.Data()
						if st.name == "heap Sum" {
							dsdu = 2
						}
						partner := second[p]
						if vec == "second" {
							partner = first[p]
						}
						want := partner.Data() * dsdu
						if got := u.Grad(); math.Abs(got-want) > 1e-12*math.Abs(want) {
							t.Errorf("gradient of the leaf below the heap op: got %v, want %v",
								got, want)
						}
					})
				}
			}
		}
	}
}

// TestDotRequiresGrad checks which Dots and Affines need a gradient, with the
// only leaf made by New in each place, among constants that the summing loop
// passes, on the heap and in a Graph.
func TestDotRequiresGrad(t *testing.T) {
	type V = autodiff.Value[float64]
	const n = 3
	for _, where := range []string{"heap", "graph"} {
		for _, place := range []string{"none", "first 0", "first 2", "second 0", "second 2",
			"bias"} {
			t.Run(where+"/"+place, func(t *testing.T) {
				var g *autodiff.Graph[float64]
				if where == "graph" {
					g = autodiff.NewGraph[float64]()
				}
				first, second := make([]*V, n), make([]*V, n)
				for i := range n {
					first[i], second[i] = autodiff.Const(float64(i)), g.Const(float64(i)+1)
				}
				bias := g.Const(0.5)
				leaf := autodiff.New(3.0)
				switch place {
				case "first 0":
					first[0] = leaf
				case "first 2":
					first[2] = leaf
				case "second 0":
					second[0] = leaf
				case "second 2":
					second[2] = leaf
				case "bias":
					bias = leaf
				}
				want := place != "none"
				if got := autodiff.Affine(first, second, bias).RequiresGrad(); got != want {
					t.Errorf("Affine: RequiresGrad %v, want %v", got, want)
				}
				wantDot := want && place != "bias"
				if got := g.Dot(first, second).RequiresGrad(); got != wantDot {
					t.Errorf("Dot: RequiresGrad %v, want %v", got, wantDot)
				}
			})
		}
	}
}

// TestAffineGraphLeafWeights checks an Affine whose weights are leaves of
// its Graph, one labelled so that it has a header of its own, next to a heap
// leaf: Backward adds to each directly, twice over two calls, and gives the
// Graph's inputs and a constant weight what they are due.
func TestAffineGraphLeafWeights(t *testing.T) {
	type V = autodiff.Value[float64]
	g := autodiff.NewGraph[float64]()
	for step := range 2 {
		g.Reset()
		w0, w1, h := g.New(0.5), g.New(-0.75).Named("w1"), autodiff.New(1.5)
		x := g.New(0.3)
		in := []*V{x.Tanh(), x, x.Mul(x)}
		for _, first := range [][]*V{{w0, w1, h}, {w0, g.Const(2), h}} {
			w0.ZeroGrad()
			w1.ZeroGrad()
			h.ZeroGrad()
			x.ZeroGrad()
			y := autodiff.Affine(first, in, g.Const(0.1)).Sigmoid()
			y.Backward()
			y.Backward()
			s := y.Data() * (1 - y.Data()) // dy/d(affine)
			tanh := math.Tanh(0.3)
			dx := first[0].Data()*(1-tanh*tanh) + first[1].Data() + first[2].Data()*2*0.3
			checks := []struct {
				name      string
				got, want float64
			}{
				{"w0", w0.Grad(), 2 * s * in[0].Data()},
				{"x", x.Grad(), 2 * s * dx},
				{"h", h.Grad(), 2 * s * in[2].Data()},
				{"w1", w1.Grad(), 2 * s * in[1].Data()},
			}
			if first[1] != w1 {
				checks[3] = struct {
					name      string
					got, want float64
				}{"constant", first[1].Grad(), 0}
			}
			for _, c := range checks {
				if math.Abs(c.got-c.want) > 1e-12 {
					t.Errorf("step %d, %s: got %v, want %v", step, c.name, c.got, c.want)
				}
			}
		}
	}
}
