package autodiff_test

import (
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
