package nn_test

import (
	"testing"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/nn"
)

func TestMSE(t *testing.T) {
	pred := [][]*autodiff.Value[float64]{leaves(1, 2), leaves(0, -1)}
	target := [][]float64{{0, 4}, {0, -1}}
	loss := nn.MSE(pred, target)
	// ||(1, -2)||² = 5 and ||(0, 0)||² = 0, over 2 examples.
	if got, want := loss.Data(), 2.5; got != want {
		t.Errorf("MSE = %v, want %v", got, want)
	}
	loss.Backward()
	// d/dp of (1/N) (p - y)² is 2(p - y)/N.
	wants := [][]float64{{1, -2}, {0, 0}}
	for n := range pred {
		for i, p := range pred[n] {
			if got := p.Grad(); got != wants[n][i] {
				t.Errorf("grad of pred[%d][%d] = %v, want %v", n, i, got, wants[n][i])
			}
		}
	}
}

func TestMSEPanics(t *testing.T) {
	mustPanic(t, "no examples", func() { nn.MSE[float64](nil, nil) })
	mustPanic(t, "2 predictions and 1 targets", func() {
		nn.MSE([][]*autodiff.Value[float64]{leaves(1), leaves(2)}, [][]float64{{1}})
	})
	mustPanic(t, "example 0: 2 outputs, 1 targets", func() {
		nn.MSE([][]*autodiff.Value[float64]{leaves(1, 2)}, [][]float64{{1}})
	})
}

