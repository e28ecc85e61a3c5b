package nn

import (
	"fmt"
	"math"
)

// Schedule gives the learning rate of each optimizer step, counting steps
// from 0. An optimizer calls it once per [Optimizer.Step].
type Schedule func(step int) float64

// Constant returns a Schedule that is lr at every step.
func Constant(lr float64) Schedule {
	return func(int) float64 { return lr }
}

// LinearDecay returns a Schedule that moves in a straight line from `from`
// at step 0 to `to` at step `steps` and stays at `to` after that.
// micrograd's moons demo uses LinearDecay(1.0, 0.1, 100): 1.0 - 0.9·k/100.
//
// LinearDecay panics if steps < 1.
func LinearDecay(from, to float64, steps int) Schedule {
	if steps < 1 {
		panic(fmt.Sprintf("nn: LinearDecay over %d steps", steps))
	}
	return func(k int) float64 {
		if k >= steps {
			return to
		}
		return from + (to-from)*float64(k)/float64(steps)
	}
}

// ExponentialDecay returns a Schedule that is lr · rate^k at step k.
func ExponentialDecay(lr, rate float64) Schedule {
	return func(k int) float64 { return lr * math.Pow(rate, float64(k)) }
}
