package autodiff

import "golang.org/x/exp/constraints"

// op says which operation made a Value. Its local derivatives live in partial.
type op uint8

const (
	opConst op = iota
	opLeaf
	opAdd
	opSub
	opMul
	opDiv
	opPow
	opNeg
	opExp
	opLog
	opTanh
	opSigmoid
	opReLU
	opLeakyReLU
	opSoftplus
	opSqrt
	opAbs
	opSin
	opCos
	opMax
	opMin
	opSum
	opDot
	opAffine
	opLogSumExp
	numOps
)

// opNames are the names Value.Op returns, in the order of the constants.
var opNames = [numOps]string{
	opConst:     "",
	opLeaf:      "",
	opAdd:       "+",
	opSub:       "-",
	opMul:       "*",
	opDiv:       "/",
	opPow:       "pow",
	opNeg:       "neg",
	opExp:       "exp",
	opLog:       "log",
	opTanh:      "tanh",
	opSigmoid:   "sigmoid",
	opReLU:      "relu",
	opLeakyReLU: "leaky_relu",
	opSoftplus:  "softplus",
	opSqrt:      "sqrt",
	opAbs:       "abs",
	opSin:       "sin",
	opCos:       "cos",
	opMax:       "max",
	opMin:       "min",
	opSum:       "sum",
	opDot:       "dot",
	opAffine:    "affine",
	opLogSumExp: "logsumexp",
}

// String returns the op's name, as Value.Op gives it.
func (o op) String() string { return opNames[o] }

// unary returns the result of op on a, holding data, in a's graph.
func unary[T constraints.Float](o op, data T, a *Value[T]) *Value[T] {
	g := a.graph()
	return g.node(o, data, a, nil, g.shared(), a.needsGrad)
}

// binary returns the result of op on a and b, holding data, in their graph.
// It panics if a and b belong to different Graphs.
func binary[T constraints.Float](o op, data T, a, b *Value[T]) *Value[T] {
	ga, gb := a.graph(), b.graph()
	g := sameGraph(ga, gb)
	if g != nil && (ga == nil && a.op > opLeaf || gb == nil && b.op > opLeaf) {
		g.mixed = true
	}
	return g.node(o, data, a, b, g.shared(), a.needsGrad || b.needsGrad)
}

// nary returns the result of op on the inputs in, holding data, in their
// graph. The op keeps in itself, so the caller must pass a fresh slice from
// newInputs.
func nary[T constraints.Float](o op, data T, g *Graph[T], in []*Value[T]) *Value[T] {
	return g.node(o, data, nil, nil, g.allocExtra(in, nil), anyNeedsGrad(in))
}

// newInputs copies the operands xs into a fresh slice in the graph they
// share with g, which it returns with the slice. It panics if the operands
// belong to different Graphs.
func newInputs[T constraints.Float](g *Graph[T], xs []*Value[T]) (*Graph[T], []*Value[T]) {
	heapOps := false
	for _, x := range xs {
		xg := x.graph()
		if xg != g {
			g = sameGraph(g, xg)
		}
		heapOps = heapOps || xg == nil && x.op > opLeaf
	}
	if g != nil && heapOps {
		g.mixed = true
	}
	in := g.allocInputs(len(xs))
	copy(in, xs)
	return g, in
}

// sameGraph returns the graph of a Value that one operand from graph a and
// another from graph b make. Heap Values (nil) mix with any graph.
func sameGraph[T constraints.Float](a, b *Graph[T]) *Graph[T] {
	switch {
	case a == nil:
		return b
	case b == nil || a == b:
		return a
	}
	panic("autodiff: an op mixes Values of two different Graphs")
}
