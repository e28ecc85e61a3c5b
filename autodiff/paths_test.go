package autodiff_test

import (
	"math"
	"strings"
	"testing"

	"github.com/chainrule/chainrule/autodiff"
)

func TestPathsSumToGradient(t *testing.T) {
	type V = autodiff.Value[float64]
	tests := []struct {
		name  string
		f     func(x, w *V) *V
		paths int
	}{
		{"x*x uses x twice", func(x, w *V) *V { return x.Mul(x) }, 2},
		{"neuron", func(x, w *V) *V { return x.Mul(w).Add(autodiff.Const(0.5)).Tanh() }, 1},
		{"two neurons share x", func(x, w *V) *V {
			h1 := x.Mul(w).ReLU()
			h2 := x.Mul(w.Neg()).Sigmoid()
			out := h1.Mul(autodiff.Const(0.3)).Add(h2.Mul(autodiff.Const(-0.7)))
			return out.Pow(autodiff.Const(2.0))
		}, 2},
		{"dot with x twice", func(x, w *V) *V {
			return autodiff.Dot([]*V{x, w}, []*V{x, x})
		}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, w := autodiff.New(0.8).Named("x"), autodiff.New(1.7).Named("w")
			y := tt.f(x, w)
			y.Backward()
			paths, err := autodiff.Paths(y, x, 100)
			if err != nil {
				t.Fatal(err)
			}
			if len(paths) != tt.paths {
				t.Errorf("got %d paths, want %d", len(paths), tt.paths)
			}
			sum := 0.0
			for _, p := range paths {
				prod := 1.0
				for i, e := range p.Edges {
					if i == 0 && e.Out != y || i == len(p.Edges)-1 && e.In != x {
						t.Errorf("path does not run from y to x")
					}
					if i > 0 && e.Out != p.Edges[i-1].In {
						t.Errorf("edge %d does not continue edge %d", i, i-1)
					}
					if e.Out.Inputs()[e.Index] != e.In {
						t.Errorf("edge %d: input %d of its op is not its In", i, e.Index)
					}
					prod *= e.Local
				}
				if prod != p.Product {
					t.Errorf("product: got %v, want %v", p.Product, prod)
				}
				sum += p.Product
			}
			if math.Abs(sum-x.Grad()) > 1e-12 {
				t.Errorf("sum of products: got %v, want x's gradient %v", sum, x.Grad())
			}
		})
	}
}

func TestPathsEdgeCases(t *testing.T) {
	x, other := autodiff.New(2.0), autodiff.New(3.0)
	y := x.Mul(autodiff.Const(4.0))
	if p, err := autodiff.Paths(y, other, 10); err != nil || len(p) != 0 {
		t.Errorf("to a Value not below the root: got %v, %v; want no paths", p, err)
	}
	if p, err := autodiff.Paths(x, x, 10); err != nil || len(p) != 1 ||
		len(p[0].Edges) != 0 || p[0].Product != 1 {
		t.Errorf("from x to itself: got %v, %v; want one empty path of product 1", p, err)
	}
}

func TestPathsLimit(t *testing.T) {
	// Each level doubles the paths: y = (y + y) * 1, ten times, gives 1024.
	x := autodiff.New(1.0)
	y := x
	for range 10 {
		y = y.Add(y)
	}
	if p, err := autodiff.Paths(y, x, 1024); err != nil || len(p) != 1024 {
		t.Errorf("at the limit: got %d paths, error %v; want 1024, nil", len(p), err)
	}
	_, err := autodiff.Paths(y, x, 1000)
	if err == nil || !strings.Contains(err.Error(), "more than 1000 paths") {
		t.Errorf("past the limit: got error %v, want one saying more than 1000 paths", err)
	}
}
