package autodiff

import (
	"fmt"
	"math"
	"strings"

	"golang.org/x/exp/constraints"
)

// Tolerance says how closely CheckGradient's analytic and numeric gradients
// must agree, and how far it moves each input. A zero field takes the default
// for the Value type: Abs 1e-6, Rel 1e-5 and Step 6e-6 for float64; Abs 2e-3,
// Rel 2e-3 and Step 4e-3 for float32.
type Tolerance struct {
	// Abs and Rel bound the difference: an input passes when
	// |analytic - numeric| <= Abs + Rel * max(|analytic|, |numeric|).
	Abs, Rel float64

	// Step is h relative to the input: x moves by h * max(1, |x|).
	Step float64
}

// Mismatch is one input whose analytic and numeric gradients disagree.
type Mismatch struct {
	Index             int    // position of the input in the x given to CheckGradient
	Label             string // the input's label, or "x[Index]"
	Analytic, Numeric float64
}

// GradientError is the error CheckGradient returns when some inputs' gradients
// disagree. It lists every such input, in input order.
type GradientError struct {
	Mismatches []Mismatch
	Inputs     int // how many inputs were checked
}

// Error names each disagreeing input with both of its gradients.
func (e *GradientError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "autodiff: gradient check failed for %d of %d inputs:",
		len(e.Mismatches), e.Inputs)
	for _, m := range e.Mismatches {
		fmt.Fprintf(&b, "\n\t%s: analytic %.10g, numeric %.10g", m.Label, m.Analytic, m.Numeric)
	}
	return b.String()
}

// CheckGradient compares the gradient that Backward gives for f at x with
// central finite differences, moving one input at a time by h and by h/2,
//
//	D(h) = (f(x + h e_i) - f(x - h e_i)) / 2h
//
// and taking (4 D(h/2) - D(h)) / 3, one step of Richardson extrapolation,
// which cancels the h² term of D's error, so that curved functions pass
// with a step large enough for float32.
//
// f is called with fresh leaves holding x, 4 * len(x) + 1 times, and must
// return a Value computed from them; it may label them. The differences are
// taken in float64, but f computes in T, so the quotient is only good to a
// few ulps of f divided by h: CheckGradient adds 64 of them to tol. It
// returns nil when every input agrees, and otherwise a *GradientError naming
// each one that does not. Where the numeric gradient is not finite, or f is
// not smooth within h of x, the comparison means nothing; check such points
// by hand.
func CheckGradient[T constraints.Float](f func(x []*Value[T]) *Value[T], x []T,
	tol Tolerance) error {
	tol = tol.withDefaults(isFloat32[T]())
	eps := 0x1p-52
	if isFloat32[T]() {
		eps = 0x1p-23
	}
	leaves := make([]*Value[T], len(x))
	for i, xi := range x {
		leaves[i] = New(xi)
	}
	f(leaves).Backward()

	err := &GradientError{Inputs: len(x)}
	at := make([]T, len(x))
	for i, leaf := range leaves {
		h := tol.Step * max(1, math.Abs(float64(x[i])))
		coarse, scale := quotient(f, x, at, i, T(h))
		fine, fineScale := quotient(f, x, at, i, T(h/2))
		numeric := (4*fine - coarse) / 3
		noise := 64 * eps * max(scale, fineScale)
		analytic := float64(leaf.Grad())
		if !tol.agree(analytic, numeric, noise) {
			label := leaf.Label()
			if label == "" {
				label = fmt.Sprintf("x[%d]", i)
			}
			err.Mismatches = append(err.Mismatches, Mismatch{i, label, analytic, numeric})
		}
	}
	if len(err.Mismatches) > 0 {
		return err
	}
	return nil
}

// quotient returns the central difference quotient of f at x along input i
// with step h, and |f| at the two points divided by their distance, the
// quotient's size of rounding error in ulps of f. It uses at as scratch.
func quotient[T constraints.Float](f func(x []*Value[T]) *Value[T], x, at []T, i int,
	h T) (d, scale float64) {
	copy(at, x)
	at[i] = x[i] + h
	up := float64(eval(f, at))
	at[i] = x[i] - h
	down := float64(eval(f, at))
	// The step actually taken, after rounding x ± h to T.
	width := float64(x[i]+h) - float64(x[i]-h)
	return (up - down) / width, (math.Abs(up) + math.Abs(down)) / width
}

// eval returns f's data at x, on constants since no gradient is needed.
func eval[T constraints.Float](f func(x []*Value[T]) *Value[T], x []T) T {
	in := make([]*Value[T], len(x))
	for i, xi := range x {
		in[i] = Const(xi)
	}
	return f(in).data
}

// withDefaults fills in t's zero fields.
func (t Tolerance) withDefaults(single bool) Tolerance {
	abs, rel, step := 1e-6, 1e-5, 6e-6
	if single {
		abs, rel, step = 2e-3, 2e-3, 4e-3
	}
	if t.Abs == 0 {
		t.Abs = abs
	}
	if t.Rel == 0 {
		t.Rel = rel
	}
	if t.Step == 0 {
		t.Step = step
	}
	return t
}

// agree reports whether a and n are within t, plus slack, of each other.
// Equal infinities agree; NaN agrees only with NaN.
func (t Tolerance) agree(a, n, slack float64) bool {
	switch {
	case a == n, math.IsNaN(a) && math.IsNaN(n):
		return true
	case math.IsInf(a, 0) || math.IsInf(n, 0):
		return false
	}
	return math.Abs(a-n) <= t.Abs+t.Rel*max(math.Abs(a), math.Abs(n))+slack
}

// isFloat32 reports whether T has float32's precision.
func isFloat32[T constraints.Float]() bool {
	return T(1)+T(1e-10) == 1
}
