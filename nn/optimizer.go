package nn

import (
	"encoding/json"
	"fmt"
	"math"

	"golang.org/x/exp/constraints"

	"github.com/chainrule/chainrule/autodiff"
)

// Optimizer updates a fixed list of parameters from their gradients. A
// training step computes a loss, zeroes the gradients, calls Backward on
// the loss and then Step.
type Optimizer interface {
	// Step moves each parameter against its gradient and counts one step.
	Step()

	// ZeroGrad sets the gradients of the parameters to zero.
	ZeroGrad()

	// Steps returns the number of calls of Step so far.
	Steps() int
}

var (
	_ Optimizer = (*SGD[float64])(nil)
	_ Optimizer = (*Adam[float64])(nil)

	_ json.Marshaler   = (*SGD[float64])(nil)
	_ json.Unmarshaler = (*SGD[float64])(nil)
	_ json.Marshaler   = (*Adam[float64])(nil)
	_ json.Unmarshaler = (*Adam[float64])(nil)
)

// checkState returns an error unless a saved optimizer state has a step
// count of at least 0 and one number per parameter in each of its slices.
func checkState(name string, steps, params int, lens ...int) error {
	if steps < 0 {
		return fmt.Errorf("nn: %s state: %d steps", name, steps)
	}
	for _, n := range lens {
		if n != params {
			return fmt.Errorf("nn: %s state for %d parameters, want %d", name, n, params)
		}
	}
	return nil
}

// zeroGrads sets the gradients of ps to zero.
func zeroGrads[T constraints.Float](ps []*autodiff.Value[T]) {
	for _, p := range ps {
		p.ZeroGrad()
	}
}

// firstNonFinite returns the index of the first NaN or infinity in xs, or
// -1 if there is none.
func firstNonFinite[T constraints.Float](xs []T) int {
	for i, x := range xs {
		f := float64(x)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return i
		}
	}
	return -1
}
