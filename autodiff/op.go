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
	v := g.alloc()
	*v = Value[T]{data: data, a: a, ext: g.shared(), op: o,
		needsGrad: a.needsGrad, inGraph: g != nil}
	g.watch(v)
	return v
}

// binary returns the result of op on a and b, holding data, in their graph.
// It panics if a and b belong to different Graphs.
func binary[T constraints.Float](o op, data T, a, b *Value[T]) *Value[T] {
	ga, gb := a.graph(), b.graph()
	g := sameGraph(ga, gb)
	if g != nil && (ga == nil && a.op > opLeaf || gb == nil && b.op > opLeaf) {
		g.mixed = true
	}
	v := g.alloc()
	*v = Value[T]{data: data, a: a, b: b, ext: g.shared(), op: o, inGraph: g != nil,
		needsGrad: a.needsGrad || b.needsGrad}
	g.watch(v)
	return v
}

// nary returns the result of op on the inputs in, holding data, in their
// graph. The op keeps in itself, so the caller must pass a fresh slice from
// newInputs.
func nary[T constraints.Float](o op, data T, g *Graph[T], in []*Value[T]) *Value[T] {
	v := g.alloc()
	*v = Value[T]{data: data, op: o, ext: g.allocExtra(), inGraph: g != nil}
	v.ext.inputs = in
	for _, x := range in {
		if x.needsGrad {
			v.needsGrad = true
			break
		}
	}
	g.watch(v)
	return v
}

// newInputs copies the operand lists xs into one fresh slice in the graph
// they share with g, which it returns with the slice. It panics if the
// operands belong to different Graphs.
func newInputs[T constraints.Float](g *Graph[T], xs ...[]*Value[T]) (*Graph[T], []*Value[T]) {
	n, heapOps := 0, false
	for _, s := range xs {
		for _, x := range s {
			xg := x.graph()
			if xg != g {
				g = sameGraph(g, xg)
			}
			heapOps = heapOps || xg == nil && x.op > opLeaf
		}
		n += len(s)
	}
	if g != nil && heapOps {
		g.mixed = true
	}
	in := g.allocInputs(n)[:0]
	for _, s := range xs {
		in = append(in, s...)
	}
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
