package nn

import (
	"encoding/json"
	"fmt"

	"golang.org/x/exp/constraints"

	"github.com/chainrule/chainrule/autodiff"
)

// SGD is stochastic gradient descent, with momentum when Momentum is not 0.
// For each parameter p with gradient g, step k does, as PyTorch's SGD does,
//
//	v = Momentum·v + g
//	p = p - LR(k)·v
//
// with v starting at 0, so that with no momentum it is p = p - LR(k)·g.
type SGD[T constraints.Float] struct {
	LR       Schedule
	Momentum T // in [0, 1), typically 0.9

	params   []*autodiff.Value[T]
	velocity []T
	steps    int
}

// NewSGD returns an SGD that updates params at the learning rates lr gives,
// with no momentum. It keeps its own copy of the slice params and one
// number of state per parameter.
//
// NewSGD panics if lr is nil.
func NewSGD[T constraints.Float](params []*autodiff.Value[T], lr Schedule) *SGD[T] {
	if lr == nil {
		panic("nn: NewSGD with a nil Schedule")
	}
	return &SGD[T]{
		LR:       lr,
		params:   append([]*autodiff.Value[T](nil), params...),
		velocity: make([]T, len(params)),
	}
}

// Step updates every parameter as the type's doc says. It allocates
// nothing.
func (o *SGD[T]) Step() {
	lr := T(o.LR(o.steps))
	for i, p := range o.params {
		v := o.Momentum*o.velocity[i] + p.Grad()
		o.velocity[i] = v
		p.SetData(p.Data() - lr*v)
	}
	o.steps++
}

// ZeroGrad sets the gradients of o's parameters to zero.
func (o *SGD[T]) ZeroGrad() { zeroGrads(o.params) }

// Steps returns the number of calls of Step so far.
func (o *SGD[T]) Steps() int { return o.steps }

// sgdState is what MarshalJSON saves of an SGD.
type sgdState[T constraints.Float] struct {
	Steps    int `json:"steps"`
	Momentum T   `json:"momentum"`
	Velocity []T `json:"velocity"`
}

// MarshalJSON returns o's state, its step count, momentum and velocities,
// so that training can resume from a saved model exactly. The schedule, a
// function, is not saved. NaN or infinite velocities give an error.
func (o *SGD[T]) MarshalJSON() ([]byte, error) {
	if i := firstNonFinite(o.velocity); i >= 0 {
		return nil, fmt.Errorf("nn: SGD velocity %d is %v, which JSON cannot hold",
			i, o.velocity[i])
	}
	return json.Marshal(sgdState[T]{o.steps, o.Momentum, o.velocity})
}

// UnmarshalJSON restores the state that MarshalJSON saved into o, which
// must already hold the same number of parameters. On error o is unchanged.
func (o *SGD[T]) UnmarshalJSON(data []byte) error {
	var s sgdState[T]
	if err := json.Unmarshal(data, &s); err != nil {
		return fmt.Errorf("nn: SGD state: %w", err)
	}
	if err := checkState("SGD", s.Steps, len(o.params), len(s.Velocity)); err != nil {
		return err
	}
	o.steps, o.Momentum = s.Steps, s.Momentum
	copy(o.velocity, s.Velocity)
	return nil
}
