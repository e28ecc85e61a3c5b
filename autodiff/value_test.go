package autodiff_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/chainrule/chainrule/autodiff"
)

func TestInputsInOrder(t *testing.T) {
	a, b := autodiff.New(1.0), autodiff.Const(2.0)
	c := a.Sub(b)
	same := cmp.Comparer(func(x, y *autodiff.Value[float64]) bool { return x == y })
	want := []*autodiff.Value[float64]{a, b}
	if diff := cmp.Diff(want, c.Inputs(), same); diff != "" {
		t.Errorf("Inputs() mismatch (-want +got):\n%s", diff)
	}
}

// TestGraphLabelsAreOwn checks that labelling one Value of a Graph labels no
// other, though the Graph's Values share what they do not need alone.
func TestGraphLabelsAreOwn(t *testing.T) {
	g := autodiff.NewGraph[float64]()
	x, c := g.New(1), g.Const(2)
	y := x.Mul(c).Named("y")
	z := y.Add(x)
	x.Named("x")
	got := []string{x.Label(), c.Label(), y.Label(), z.Label()}
	if diff := cmp.Diff([]string{"x", "", "y", ""}, got); diff != "" {
		t.Errorf("labels (-want +got):\n%s", diff)
	}
	for _, v := range []*autodiff.Value[float64]{x, c, y, z} {
		if v.Graph() != g {
			t.Errorf("%v: Graph() is not the Graph it was made in", v)
		}
	}
	if h := autodiff.New(1.0).Named("h"); h.Graph() != nil {
		t.Errorf("a heap Value has a Graph")
	}
}

func TestTwoGraphsPanic(t *testing.T) {
	type V = autodiff.Value[float64]
	a, b := autodiff.NewGraph[float64]().New(1), autodiff.NewGraph[float64]().New(2)
	ops := map[string]func(){
		"Add": func() { a.Add(b) },
		"Sum": func() { autodiff.Sum(a, b) },
		"Dot": func() { autodiff.Dot([]*V{a}, []*V{b}) },
	}
	for _, name := range []string{"Add", "Sum", "Dot"} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				msg, _ := recover().(string)
				if !strings.HasPrefix(msg, "autodiff: ") {
					t.Errorf("got panic %q, want one starting \"autodiff: \"", msg)
				}
			}()
			ops[name]()
		})
	}
}
