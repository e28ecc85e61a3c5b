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
	return g.dot(a, b, nil)
}

// Affine returns w·x + b, the weighted sum of a neuron, as one op whose
// inputs are w's Values, then x's, then b: one node where Dot and Add make
// two. Its derivatives are those of Dot, and 1 for b. Affine panics if w
// and x have different lengths.
func Affine[T constraints.Float](w, x []*Value[T], b *Value[T]) *Value[T] {
	if len(w) != len(x) {
		panic("autodiff: Affine of slices of different lengths")
	}
	return (*Graph[T])(nil).dot(w, x, b)
}

// dot returns a·b, plus bias unless it is nil, in the graph of g and the
// inputs: a Dot or an Affine op.
func (g *Graph[T]) dot(a, b []*Value[T], bias *Value[T]) *Value[T] {
	o, extra := opDot, 0
	if bias != nil {
		o, extra = opAffine, 1
		g = sameGraph(g, bias.graph())
	}
	if g == nil && len(a) > 0 {
		g = a[0].graph()
	}
	if g == nil && len(a) > 0 {
		g = b[0].graph()
	}
	if g == nil {
		g, _ = newInputs(nil, a, b) // find the graph further in; the slice is dropped
	}

	// The hottest op of a network's forward pass: sum, check and copy the
	// inputs in one pass.
	n := len(a)
	in := g.allocInputs(2*n + extra)
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
	if bias != nil {
		s += bias.data
		in[2*n] = bias
		heapOps = heapOps || bias.graph() == nil && bias.op > opLeaf
	}
	if g != nil && heapOps {
		g.mixed = true
	}
	return nary(o, s, g, in)
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
