package autodiff_test

import (
	"testing"

	"golang.org/x/exp/constraints"

	"github.com/chainrule/chainrule/autodiff"
)

func TestDetach(t *testing.T) {
	t.Run("float64", testDetach[float64])
	t.Run("float32", testDetach[float32])
}

// testDetach checks that a detached Value holds the same number as a
// constant, and that no gradient flows through it, by Backward or Grad.
func testDetach[T constraints.Float](t *testing.T) {
	g := autodiff.NewGraph[T]()
	for _, where := range []string{"heap", "graph"} {
		t.Run(where, func(t *testing.T) {
			x := autodiff.New[T](1.5)
			if where == "graph" {
				x = g.New(1.5)
			}
			h := x.Mul(x).Named("h")
			d := h.Detach()
			if d.Data() != h.Data() || !d.IsConst() || d.RequiresGrad() || d.Label() != "" {
				t.Errorf("got data %v, constant %v, requires grad %v, label %q; "+
					"want %v, true, false, \"\"",
					d.Data(), d.IsConst(), d.RequiresGrad(), d.Label(), h.Data())
			}
			other := autodiff.NewGraph[T]()
			if inG := where == "graph"; mixes(d, g) != true || mixes(d, other) == inG {
				t.Errorf("the detached Value is not where x is, in the %s", where)
			}

			// y = h·stop(h) + x: dy/dx = stop(h)·2x + 1 = 2.25·3 + 1.
			y := h.Mul(d).Add(x)
			want := T(2.25*3 + 1)
			if got := autodiff.Grad(y, x)[0].Data(); got != want {
				t.Errorf("Grad: got %v, want %v", got, want)
			}
			y.Backward()
			if x.Grad() != want || d.Grad() != 0 {
				t.Errorf("Backward: got x %v, detached %v; want %v, 0",
					x.Grad(), d.Grad(), want)
			}

			h.SetData(7)
			if d.Data() != 2.25 {
				t.Errorf("after SetData on the original: got %v, want 2.25", d.Data())
			}
		})
	}
}
