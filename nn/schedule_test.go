package nn_test

import (
	"math"
	"testing"

	"github.com/chainrule/chainrule/nn"
)

func TestSchedules(t *testing.T) {
	tests := []struct {
		name string
		s    nn.Schedule
		step int
		want float64
	}{
		{"constant", nn.Constant(0.3), 1000, 0.3},
		{"linear start", nn.LinearDecay(1, 0.1, 100), 0, 1},
		{"linear micrograd", nn.LinearDecay(1, 0.1, 100), 37, 1 - 0.9*37/100.0},
		{"linear end", nn.LinearDecay(1, 0.1, 100), 100, 0.1},
		{"linear after", nn.LinearDecay(1, 0.1, 100), 5000, 0.1},
		{"exponential", nn.ExponentialDecay(2, 0.5), 3, 0.25},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.s(tt.step); math.Abs(got-tt.want) > 1e-15 {
				t.Errorf("lr at step %d = %v, want %v", tt.step, got, tt.want)
			}
		})
	}
	mustPanic(t, "LinearDecay over 0 steps", func() { nn.LinearDecay(1, 0, 0) })
	mustPanic(t, "nil Schedule", func() { nn.NewSGD(leaves(1), nil) })
	mustPanic(t, "nil Schedule", func() { nn.NewAdam(leaves(1), nil) })
}
