package nn

import (
	"encoding/json"
	"fmt"
	"math"

	"golang.org/x/exp/constraints"

	"github.com/chainrule/chainrule/autodiff"
)

// Adam is the Adam optimizer of Kingma and Ba (2015). For each parameter p
// with gradient g, step k (t = k+1) does, as PyTorch's Adam does,
//
//	m = Beta1·m + (1-Beta1)·g
//	v = Beta2·v + (1-Beta2)·g²
//	p = p - LR(k) · (m / (1-Beta1^t)) / (sqrt(v / (1-Beta2^t)) + Eps)
//
// with m and v starting at 0.
type Adam[T constraints.Float] struct {
	LR                Schedule
	Beta1, Beta2, Eps T

	params []*autodiff.Value[T]
	m, v   []T
	steps  int
}

// NewAdam returns an Adam that updates params at the learning rates lr
// gives, with Beta1 0.9, Beta2 0.999 and Eps 1e-8. It keeps its own copy of
// the slice params and two numbers of state per parameter.
//
// NewAdam panics if lr is nil.
func NewAdam[T constraints.Float](params []*autodiff.Value[T], lr Schedule) *Adam[T] {
	if lr == nil {
		panic("nn: NewAdam with a nil Schedule")
	}
	return &Adam[T]{
		LR:     lr,
		Beta1:  0.9,
		Beta2:  0.999,
		Eps:    1e-8,
		params: append([]*autodiff.Value[T](nil), params...),
		m:      make([]T, len(params)),
		v:      make([]T, len(params)),
	}
}

// Step updates every parameter as the type's doc says. It allocates
// nothing.
func (o *Adam[T]) Step() {
	t := float64(o.steps + 1)
	lr := T(o.LR(o.steps))
	c1 := T(1 - math.Pow(float64(o.Beta1), t))
	c2 := T(1 - math.Pow(float64(o.Beta2), t))
	for i, p := range o.params {
		g := p.Grad()
		m := o.Beta1*o.m[i] + (1-o.Beta1)*g
		v := o.Beta2*o.v[i] + (1-o.Beta2)*g*g
		o.m[i], o.v[i] = m, v
		p.SetData(p.Data() - lr*(m/c1)/(T(math.Sqrt(float64(v/c2)))+o.Eps))
	}
	o.steps++
}

// ZeroGrad sets the gradients of o's parameters to zero.
func (o *Adam[T]) ZeroGrad() { zeroGrads(o.params) }

// Steps returns the number of calls of Step so far.
func (o *Adam[T]) Steps() int { return o.steps }

// adamState is what MarshalJSON saves of an Adam.
type adamState[T constraints.Float] struct {
	Steps int `json:"steps"`
	Beta1 T   `json:"beta1"`
	Beta2 T   `json:"beta2"`
	Eps   T   `json:"eps"`
	M     []T `json:"m"`
	V     []T `json:"v"`
}

// MarshalJSON returns o's state, its step count, hyperparameters and both
// moments of every parameter, so that training can resume from a saved
// model exactly. The schedule, a function, is not saved. NaN or infinite
// moments give an error.
func (o *Adam[T]) MarshalJSON() ([]byte, error) {
	for _, s := range [][]T{o.m, o.v} {
		if i := firstNonFinite(s); i >= 0 {
			return nil, fmt.Errorf("nn: Adam moment %d is %v, which JSON cannot hold", i, s[i])
		}
	}
	return json.Marshal(adamState[T]{o.steps, o.Beta1, o.Beta2, o.Eps, o.m, o.v})
}

// UnmarshalJSON restores the state that MarshalJSON saved into o, which
// must already hold the same number of parameters. On error o is unchanged.
func (o *Adam[T]) UnmarshalJSON(data []byte) error {
	var s adamState[T]
	if err := json.Unmarshal(data, &s); err != nil {
		return fmt.Errorf("nn: Adam state: %w", err)
	}
	if err := checkState("Adam", s.Steps, len(o.params), len(s.M), len(s.V)); err != nil {
		return err
	}
	o.steps, o.Beta1, o.Beta2, o.Eps = s.Steps, s.Beta1, s.Beta2, s.Eps
	copy(o.m, s.M)
	copy(o.v, s.V)
	return nil
}
