package autodiff

import (
	"math"

	"golang.org/x/exp/constraints"
)

// Sum returns xs[0] + xs[1] + ... as one op with len(xs) inputs, so a sum over
// a million Values is one node, not a million. The sum of no Values is a
// constant 0.
func Sum[T constraints.Float](xs ...*Value[T]) *Value[T] {
	return (*Graph[T])(nil).Sum(xs...)
}

// Sum is [Sum] with its result in g, also when every one of xs lives on the
// heap, as the parameters of a model do. It panics if an input belongs to
// another Graph.
func (g *Graph[T]) Sum(xs ...*Value[T]) *Value[T] {
	if len(xs) == 0 {
		return g.Const(0)
	}
	var s T
	for _, x := range xs {
		s += x.data
	}
	g, in := newInputs(g, xs)
	return nary(opSum, s, g, in)
}

// Dot returns a[0]*b[0] + a[1]*b[1] + ... as one op whose inputs are a's
// Values followed by b's. The dot product of empty slices is a constant 0.
// Dot panics if a and b have different lengths.
func Dot[T constraints.Float](a, b []*Value[T]) *Value[T] {
	return (*Graph[T])(nil).Dot(a, b)
}

// Dot is [Dot] with its result in g, also when every input lives on the heap,
// as in an L2 penalty Dot(params, params) built in each step's Graph. It
// panics as Dot does, and if an input belongs to another Graph.
func (g *Graph[T]) Dot(a, b []*Value[T]) *Value[T] {
	if len(a) != len(b) {
		panic("autodiff: Dot of slices of different lengths")
	}
	if len(a) == 0 {
		return g.Const(0)
	}
	if g == nil {
		g = a[0].graph()
	}
	if g == nil {
		g = b[0].graph()
	}
	if g == nil {
		g, _ = newInputs(nil, a, b) // find the graph further in; the slice is dropped
	}

	// The hottest op of a network's forward pass: sum, check and copy the
	// inputs in one pass.
	n := len(a)
	in := g.allocInputs(2 * n)
	var s T
	heapOps := false
	for i, x := range a {
		y := b[i]
		s += x.data * y.data
		in[i], in[n+i] = x, y
		xg, yg := x.graph(), y.graph()
		if xg != g && xg != nil || yg != g && yg != nil {
			panic("autodiff: an op mixes Values of two different Graphs")
		}
		heapOps = heapOps || xg == nil && x.op > opLeaf || yg == nil && y.op > opLeaf
	}
	if g != nil && heapOps {
		g.mixed = true
	}
	return nary(opDot, s, g, in)
}

// LogSumExp returns log(e^xs[0] + e^xs[1] + ...) as one op, computed after
// subtracting the largest input so that it neither overflows nor underflows.
// Its derivative with respect to xs[i] is the softmax e^(xs[i] - result).
// LogSumExp panics if xs is empty, since the result would be -Inf with no
// input to blame.
func LogSumExp[T constraints.Float](xs ...*Value[T]) *Value[T] {
	if len(xs) == 0 {
		panic("autodiff: LogSumExp of no Values")
	}
	m := math.Inf(-1)
	for _, x := range xs {
		m = max(m, float64(x.data))
	}
	s := 0.0
	for _, x := range xs {
		s += math.Exp(float64(x.data) - m)
	}
	lse := m + math.Log(s)
	if math.IsInf(m, 0) {
		lse = m // all inputs -Inf, or one +Inf: log(s) would add a NaN
	}
	g, in := newInputs(nil, xs)
	return nary(opLogSumExp, T(lse), g, in)
}
