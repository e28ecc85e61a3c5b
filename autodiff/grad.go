package autodiff

import (
	"math"

	"golang.org/x/exp/constraints"
)

// Grad returns the derivatives of y with respect to each of xs, in order, as
// new Values computed from the Values below y, so that they can be
// differentiated again, by Backward or by Grad itself: Grad(Grad(y, x)[0], x)
// is the second derivative. This is PyTorch's autograd.grad with create_graph.
// The first derivatives' data equal, bit for bit on platforms that do not
// fuse multiply-adds, the gradients that y.Backward() would leave in xs.
//
// Grad writes no gradient: leaves keep theirs, and Backward may be called
// before or after it. The Values it makes belong to y's [Graph] when y has
// one. xs may be leaves or any Values below y; the derivative with respect
// to an interior Value holds the Values below it fixed. Where y does not
// depend on x through a leaf made by [New] (x is a constant, a Value only
// constants feed, the result of [Value.Detach], or not below y at all), the
// derivative is a new constant 0, as Backward would leave no gradient there;
// the derivative of y with respect to y is a constant 1.
//
// Each op's local derivative is built from the op's inputs and result with
// ops of this package, from the same formulas Backward uses. Where an op has
// a kink (ReLU, LeakyReLU, Abs, Max, Min) or a special case (Pow at a zero
// exponent or base), the local derivative is a constant chosen from the
// data, as in PyTorch, so that the second derivative there is 0: right
// everywhere but at the kink itself.
//
// Grad visits every Value below y that needs a gradient and, for a root in a
// Graph that Backward walks in the order of making, every Value made in the
// Graph: in time linear in their number, and without recursion, so that any
// depth is safe. It makes Values only along the paths from y down to xs, a
// few for each application of the chain rule, so that the derivative's graph
// is a small multiple of y's.
//
// TODO(chainrule): Grad keeps its record of each Value in a map, which costs
// most of its time. Numbering the Values in their pending fields, as the
// anomaly check does, would be several times faster, but would make Grad
// write to the Values below y, which it now only reads.
func Grad[T constraints.Float](y *Value[T], xs ...*Value[T]) []*Value[T] {
	b := newGradBuilder(y, xs)
	if y.needsGrad && y.op != opLeaf {
		b.mark(y)
		b.sweep(y, b.order(y))
	}

	// Hand each x its adjoint as a Value of its own, made by this call, so
	// that a caller may label or change one without touching a Value below
	// y or another derivative; and in y's graph, which the adjoints below a
	// Graph's Sum or Dot of heap Values are not.
	out := make([]*Value[T], len(xs))
	given := make(map[*Value[T]]bool, len(xs))
	for k, x := range xs {
		id, ok := b.index[x]
		switch {
		case x == y && y.needsGrad:
			out[k] = b.g.Const(1)
		case !ok || b.nodes[id].adj == nil:
			out[k] = b.g.Const(0)
		default:
			n := &b.nodes[id]
			out[k] = n.adj
			if n.shared || n.adj.graph() != b.g || given[n.adj] {
				out[k] = n.adj.Mul(b.one)
			}
			given[out[k]] = true
		}
	}
	return out
}

// gradNode is Grad's record of one Value below y.
type gradNode[T constraints.Float] struct {
	// adj is the sum so far of the contributions of the Value's consumers to
	// dy/dValue, nil before the first. shared says that adj is not a Value
	// made by this Grad but one of the graph below y, passed on unchanged.
	adj    *Value[T]
	shared bool

	// relevant says that a Value of xs lies at or below this one, so that
	// the chain rule must pass through it.
	relevant bool

	// pending counts the consumers that have yet to pass their contribution,
	// as Value.pending does in Backward's sweep.
	pending int
}

// gradBuilder holds Grad's state: a record for each Value below y that needs
// a gradient, found by pointer, and the constant 1 that derivatives share.
type gradBuilder[T constraints.Float] struct {
	g     *Graph[T]
	one   *Value[T]
	index map[*Value[T]]int
	nodes []gradNode[T]

	// watch is y's Graph's anomaly detector, nil unless it is on.
	watch *anomalies[T]
}

// newGradBuilder returns a builder for the derivatives of y, with a record
// for each Value of xs that needs a gradient, marked relevant.
func newGradBuilder[T constraints.Float](y *Value[T], xs []*Value[T]) *gradBuilder[T] {
	b := &gradBuilder[T]{g: y.graph(), index: make(map[*Value[T]]int)}
	b.one = b.g.Const(1)
	if g := y.graph(); g != nil {
		b.watch = g.anomaly
	}
	for _, x := range xs {
		if x.needsGrad {
			b.node(x).relevant = true
		}
	}
	return b
}

// node returns v's record, making it if v has none.
func (b *gradBuilder[T]) node(v *Value[T]) *gradNode[T] {
	id, ok := b.index[v]
	if !ok {
		id = len(b.nodes)
		b.index[v] = id
		b.nodes = append(b.nodes, gradNode[T]{})
	}
	return &b.nodes[id]
}

// mark gives a record to every Value below y that needs a gradient, marks
// those from which a Value of xs can be reached as relevant, and counts, for
// each relevant op, its relevant consumers, as countConsumers counts all of
// them for Backward.
func (b *gradBuilder[T]) mark(y *Value[T]) {
	// In post-order, a Value's inputs come before it, so its relevance, and
	// that of its inputs, is known when it comes.
	for _, v := range postOrder(y) {
		rel := b.node(v).relevant
		for i, n := 0, v.arity(); i < n; i++ {
			if in := v.input(i); in.needsGrad && b.node(in).relevant {
				rel = true
			}
		}
		b.node(v).relevant = rel
		if !rel {
			continue
		}
		for i, n := 0, v.arity(); i < n; i++ {
			if in := v.input(i); in.needsGrad && in.op != opLeaf && b.node(in).relevant {
				b.node(in).pending++
			}
		}
	}
}

// postOrder returns root and the ops below it that need a gradient, each
// after its inputs, without recursion.
func postOrder[T float](root *Value[T]) []*Value[T] {
	var order []*Value[T]
	seen := map[*Value[T]]bool{root: true}
	stack := []frame[T]{{v: root}}
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		if top.next == top.v.arity() {
			order = append(order, top.v)
			stack = stack[:len(stack)-1]
			continue
		}
		in := top.v.input(top.next)
		top.next++
		if in.needsGrad && in.op != opLeaf && !seen[in] {
			seen[in] = true
			stack = append(stack, frame[T]{v: in})
		}
	}
	return order
}

// order returns the relevant ops below y, y first, in the order in which
// Backward from y visits them, so that every sum of contributions adds up
// in the same order as Backward's and rounds alike: the reverse of the
// order of making for a root in a Graph that Backward can walk so, and
// otherwise the order of its sweep, which visits a Value once all its
// consumers have passed it their share.
func (b *gradBuilder[T]) order(y *Value[T]) []*Value[T] {
	var order []*Value[T]
	if g := y.graph(); g != nil && !g.mixed {
		s := &g.nodes
		for k := s.last(); k >= 0; k-- {
			block := s.taken(k)
			for j := len(block) - 1; j >= 0; j-- {
				v := &block[j]
				if id, ok := b.index[v]; ok && v.op > opLeaf && b.nodes[id].relevant {
					order = append(order, v)
				}
			}
		}
		return order
	}

	stack := []*Value[T]{y}
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		order = append(order, v)
		for k, n := 0, v.arity(); k < n; k++ {
			in := v.input(sweepInput(v, k))
			if !in.needsGrad || in.op == opLeaf {
				continue
			}
			if node := b.node(in); node.relevant {
				if node.pending--; node.pending == 0 {
					stack = append(stack, in)
				}
			}
		}
	}
	return order
}

// sweep passes adjoints down from y, visiting the Values of order in turn.
func (b *gradBuilder[T]) sweep(y *Value[T], order []*Value[T]) {
	if b.watch != nil {
		defer b.watch.leaveGrad()
	}
	for _, v := range order {
		out := b.nodes[b.index[v]]
		if out.adj == nil && v != y {
			continue // below y only through Values that are not relevant
		}
		for k, n := 0, v.arity(); k < n; k++ {
			i := sweepInput(v, k)
			in := v.input(i)
			if !in.needsGrad {
				continue
			}
			node := &b.nodes[b.index[in]]
			if !node.relevant {
				continue
			}
			if b.watch != nil {
				b.watch.enterGrad(v, i)
			}
			c, shared := b.contribution(v, i, out.adj, out.shared)
			if node.adj == nil {
				node.adj, node.shared = c, shared
			} else {
				node.adj, node.shared = node.adj.Add(c), false
			}
		}
	}
}

// sweepInput returns the number of the input of v that Backward visits
// k-th: inputs in order, but a Dot's in pairs, a[0], b[0], a[1], ..., and
// an Affine's likewise, then its bias. Grad
// follows the same order, so that gradients add up in the same order and
// round alike; TestGradMatchesBackward fails if Backward's order changes.
func sweepInput[T float](v *Value[T], k int) int {
	if !v.pairs() {
		return k
	}
	n := len(v.ext.inputs)
	if k == 2*n {
		return k // an Affine's bias
	}
	if k%2 == 0 {
		return k / 2
	}
	return n + k/2
}

// contribution returns adj times the local derivative of v with respect to
// its input number i, the Value that Backward's v.grad * partial(v, i)
// computes, and whether it is a Value from below y rather than a new one. A
// nil adj stands for the root's gradient 1, by which nothing is multiplied.
func (b *gradBuilder[T]) contribution(v *Value[T], i int, adj *Value[T],
	adjShared bool) (c *Value[T], shared bool) {
	switch {
	case v.op == opAdd || v.op == opSum || v.op == opSub && i == 0,
		v.op == opAffine && i == v.arity()-1:
		if adj == nil {
			return b.g.Const(1), false
		}
		return adj, adjShared
	case v.op == opNeg || v.op == opSub:
		if adj == nil {
			return b.g.Const(-1), false
		}
		return adj.Neg(), false
	}
	p, shared := b.partial(v, i)
	if adj == nil {
		return p, shared
	}
	return adj.Mul(p), false
}

// partial returns the local derivative of v with respect to its input number
// i as a Value, with the same data that partial(v, i) computes, and whether
// it is a Value from below y rather than a new one. It mirrors partial case
// by case, except for the ops whose derivative is ±1, which contribution
// handles without a multiplication.
func (b *gradBuilder[T]) partial(v *Value[T], i int) (p *Value[T], shared bool) {
	switch v.op {
	case opMul, opDot, opAffine: // an Affine's bias is contribution's
		return v.other(i), true
	case opDiv:
		if i == 0 {
			return b.one.Div(v.b), false
		}
		return v.Neg().Div(v.b), false
	case opPow:
		return b.powPartial(v, i), false
	case opExp:
		return v, true
	case opLog:
		return b.one.Div(v.a), false
	case opSqrt:
		return b.one.Div(b.g.Const(2).Mul(v)), false
	case opSin:
		return b.own(v.a.Cos()), false
	case opCos:
		return b.own(v.a.Sin()).Neg(), false
	case opTanh:
		return b.one.Sub(v.Mul(v)), false
	case opSigmoid:
		return v.Mul(b.one.Sub(v)), false
	case opSoftplus:
		return b.own(v.a.Sigmoid()), false
	case opLogSumExp:
		return b.softmax(v, i), false

	// The ops with kinks: derivatives that are constant between the kinks.
	case opAbs:
		return b.g.Const(sign(v.a.data)), false
	case opReLU:
		return b.g.Const(step(v.a.data, 0)), false
	case opLeakyReLU:
		// v = a for a > 0, slope·a otherwise; the slope is input 1.
		switch {
		case i == 0 && v.a.data <= 0:
			return v.b, true
		case i == 0:
			return b.g.Const(step(v.a.data, v.b.data)), false
		case v.a.data <= 0:
			return v.a, true
		}
		return b.g.Const(0), false
	case opMax:
		return b.g.Const(pick(v.input(i).data, v.other(i).data)), false
	case opMin:
		return b.g.Const(pick(-v.input(i).data, -v.other(i).data)), false
	}
	panic("autodiff: no symbolic derivative for op " + v.op.String())
}

// own returns v, the result of an op just made from Values of y's graph or
// of the heap, in y's graph. An op on heap Values alone puts its result on
// the heap, and the first op of the graph that took it as an input would
// stop Backward from walking the graph's memory alone; so own moves such a
// result, which nothing refers to yet, into the graph.
func (b *gradBuilder[T]) own(v *Value[T]) *Value[T] {
	if b.g == nil || v.graph() == b.g {
		return v
	}
	w := b.g.alloc()
	*w = *v
	w.inGraph = true
	if w.ext == nil {
		w.ext = b.g.shared()
	} else {
		w.ext.g = b.g // v's own extra, since v was on the heap; v is dropped
	}
	for i, n := 0, w.arity(); i < n; i++ {
		if in := w.input(i); in.graph() == nil && in.op > opLeaf {
			b.g.mixed = true
		}
	}
	b.g.watch(w)
	return w
}

// powPartial returns the derivative of v = a^b with respect to a (i = 0),
// b·a^(b-1), or b (i = 1), v·log(a), with powPartial's special cases as
// constants 0.
func (b *gradBuilder[T]) powPartial(v *Value[T], i int) *Value[T] {
	base, exp := v.a, v.b
	if i == 0 {
		if exp.data == 0 {
			return b.g.Const(0)
		}
		return exp.Mul(base.Pow(exp.Sub(b.one)))
	}
	if base.data == 0 && exp.data >= 0 {
		return b.g.Const(0)
	}
	return v.Mul(b.own(base.Log()))
}

// softmax returns e^(x_i - v) for v = LogSumExp(x...), the derivative with
// respect to x_i. The Value's op is exp of x_i - v, but its data is computed
// as partial computes it, with the difference taken in float64: for float32
// that is more accurate than the Sub, and keeps Grad equal to Backward.
func (b *gradBuilder[T]) softmax(v *Value[T], i int) *Value[T] {
	x := v.ext.inputs[i]
	p := x.Sub(v).Exp()
	p.data = T(math.Exp(float64(x.data) - float64(v.data)))
	return p
}
