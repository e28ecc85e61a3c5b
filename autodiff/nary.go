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
//
// Dot keeps a and b as its inputs rather than copies of them, so that the
// weights of a model and a layer's inputs are not copied for every op that
// reads them: put no other Value into either slice until the graph is no
// longer used.
func Dot[T constraints.Float](a, b []*Value[T]) *Value[T] {
	return (*Graph[T])(nil).Dot(a, b)
}

// Dot is [Dot] with its result in g, also when every input lives on the heap,
// as in an L2 penalty Dot(params, params) built in each step's Graph. It
// keeps a and b and panics as Dot does, and if an input belongs to another
// Graph.
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
// two. Its derivatives are those of Dot, and 1 for b. Like Dot, it keeps w
// and x, whose elements must not change while the graph is used. Affine
// panics if w and x have different lengths.
func Affine[T constraints.Float](w, x []*Value[T], b *Value[T]) *Value[T] {
	if len(w) != len(x) {
		panic("autodiff: Affine of slices of different lengths")
	}
	return (*Graph[T])(nil).dot(w, x, b)
}

// dot returns a·b, plus bias unless it is nil, in the graph of g and the
// inputs: a Dot or an Affine op, which keeps a and b.
func (g *Graph[T]) dot(a, b []*Value[T], bias *Value[T]) *Value[T] {
	o := opDot
	if bias != nil {
		o = opAffine
		g = bias.graph() // Affine's g is nil, and a Dot has no bias
	}
	if g == nil {
		g = graphOf(a, b)
	}
	if bias != nil {
		g.adopt(bias)
	}

	// The hottest op of a network's forward pass. Most of its first inputs
	// are a model's weights, leaves made by New, and most of its second
	// ones are Values of g or leaves on the heap: a few comparisons on each
	// Value tell, in the loop that sums. At the first input that does not
	// fit, a second loop checks each input in full.
	common := g.shared()
	var s T
	b = b[:len(a)]
	i := 0
	for ; i < len(a); i++ {
		x, y := a[i], b[i]
		if x.op != opLeaf || x.inGraph && x.ext != common ||
			y.ext != common && (y.inGraph || y.op > opLeaf) {
			break
		}
		s += x.data * y.data
	}
	leafFirst := true
	for ; i < len(a); i++ {
		x, y := a[i], b[i]
		s += x.data * y.data
		leafFirst = leafFirst && x.op == opLeaf
		g.adopt(x)
		g.adopt(y)
	}
	needsGrad := bias != nil && bias.needsGrad || anyNeedsGrad(a) || anyNeedsGrad(b)
	if bias != nil {
		s += bias.data
	}

	v := g.node(o, s, bias, nil, g.allocExtra(a, b), needsGrad)
	v.leafFirst = leafFirst
	return v
}

// graphOf returns the Graph of the first Value of a Graph in a and b, taken
// in pairs, as the weights and inputs of a neuron, of which the first input
// is likely to tell. It returns nil if they all live on the heap.
func graphOf[T constraints.Float](a, b []*Value[T]) *Graph[T] {
	for i, x := range a {
		if x.inGraph {
			return x.ext.g
		}
		if y := b[i]; y.inGraph {
			return y.ext.g
		}
	}
	return nil
}

// anyNeedsGrad reports whether a Value of xs needs a gradient.
func anyNeedsGrad[T constraints.Float](xs []*Value[T]) bool {
	for _, x := range xs {
		if x.needsGrad {
			return true
		}
	}
	return false
}

// adopt checks that x may be an input of an op whose result is in g: it
// panics if x belongs to another Graph, and notes in g that an input was
// made by an op on the heap.
func (g *Graph[T]) adopt(x *Value[T]) {
	xg := x.graph()
	if xg != g && xg != nil {
		panic("autodiff: an op mixes Values of two different Graphs")
	}
	if g != nil && xg == nil && x.op > opLeaf {
		g.mixed = true
	}
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
