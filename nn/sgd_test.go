package nn_test

import (
	"math"
	"testing"

	"github.com/chainrule/chainrule/nn"
)

func TestSGD(t *testing.T) {
	tests := []struct {
		name     string
		momentum float64
		lr       nn.Schedule
		want     [][]float64 // parameters after each step
	}{
		// Gradients (1, -2) then (0.5, 0.5); start (1, 1).
		{"plain", 0, nn.Constant(0.1), [][]float64{
			{1 - 0.1, 1 + 0.2},
			{1 - 0.1 - 0.05, 1 + 0.2 - 0.05},
		}},
		{"momentum", 0.9, nn.Constant(0.1), [][]float64{
			{1 - 0.1, 1 + 0.2},
			// v = 0.9·(1, -2) + (0.5, 0.5) = (1.4, -1.3)
			{1 - 0.1 - 0.14, 1 + 0.2 + 0.13},
		}},
		{"schedule", 0, nn.LinearDecay(0.1, 0.05, 1), [][]float64{
			{1 - 0.1, 1 + 0.2},
			{1 - 0.1 - 0.025, 1 + 0.2 - 0.025},
		}},
	}
	grads := [][]float64{{1, -2}, {0.5, 0.5}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := leaves(1, 1)
			o := nn.NewSGD(ps, tt.lr)
			o.Momentum = tt.momentum
			for k, g := range grads {
				setGrads(ps, g)
				o.Step()
				for i, got := range data(ps) {
					if math.Abs(got-tt.want[k][i]) > 1e-15 {
						t.Errorf("step %d: p%d = %v, want %v", k, i, got, tt.want[k][i])
					}
				}
			}
			if got := o.Steps(); got != len(grads) {
				t.Errorf("Steps() = %d, want %d", got, len(grads))
			}
		})
	}
}
