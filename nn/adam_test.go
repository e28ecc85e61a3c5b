package nn_test

import (
	"math"
	"testing"

	"github.com/chainrule/chainrule/nn"
)

// TestAdam follows Adam's formulas, written out in float64.
func TestAdam(t *testing.T) {
	ps := leaves(1, -1, 0.5)
	o := nn.NewAdam(ps, nn.ExponentialDecay(0.01, 0.5))
	grads := [][]float64{{0.3, -4, 0}, {0.1, 2, 1e-3}, {-0.2, 1, 5}}
	want := []float64{1, -1, 0.5}
	m, v := make([]float64, 3), make([]float64, 3)
	for k, g := range grads {
		setGrads(ps, g)
		o.Step()
		tk := float64(k + 1)
		lr := 0.01 * math.Pow(0.5, float64(k))
		for i := range want {
			m[i] = 0.9*m[i] + 0.1*g[i]
			v[i] = 0.999*v[i] + 0.001*g[i]*g[i]
			mhat := m[i] / (1 - math.Pow(0.9, tk))
			vhat := v[i] / (1 - math.Pow(0.999, tk))
			want[i] -= lr * mhat / (math.Sqrt(vhat) + 1e-8)
		}
		for i, got := range data(ps) {
			if math.Abs(got-want[i]) > 1e-15 {
				t.Errorf("step %d: p%d = %v, want %v", k, i, got, want[i])
			}
		}
	}
}

// TestAdamFirstStepIsSignStep: Adam's first step moves each parameter by
// about lr against the sign of its gradient, whatever the gradient's size.
func TestAdamFirstStepIsSignStep(t *testing.T) {
	ps := leaves(0, 0, 0)
	o := nn.NewAdam(ps, nn.Constant(0.01))
	setGrads(ps, []float64{1e-3, -50, 7})
	o.Step()
	want := []float64{-0.01, 0.01, -0.01}
	for i, got := range data(ps) {
		if math.Abs(got-want[i]) > 1e-6 {
			t.Errorf("p%d = %v, want about %v", i, got, want[i])
		}
	}
}
