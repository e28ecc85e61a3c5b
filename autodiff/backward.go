package autodiff

// Backward sets v's gradient to 1 and applies the chain rule to every Value
// below v, in reverse topological order, so that each Value u below v ends
// with the derivative of v with respect to u.
//
// Leaves made by [New] accumulate: Backward adds to their gradients, as
// PyTorch's .grad does, so that gradients of several roots add up until
// [Value.ZeroGrad]. Every other Value's gradient is recomputed from zero on
// each call, so a second Backward on the same graph doubles the leaves'
// gradients and leaves the others as after the first. If v is itself a leaf
// made by New, its gradient grows by 1. Constants, and Values that only
// constants feed, are neither visited nor given a gradient; if v is one of
// them, Backward does nothing.
//
// Backward takes time linear in the number of Values and inputs below v that
// depend on a leaf made by New, uses no recursion, so any depth of graph is
// safe, and needs extra memory only for Values whose inputs are not all
// leaves and that are waiting for their gradient: none for a chain, none for
// a Sum of leaves. For a root in a [Graph] it allocates nothing once the
// Graph has been used before.
func (v *Value[T]) Backward() {
	switch {
	case !v.needsGrad:
		return
	case v.op == opLeaf:
		v.grad++
		return
	}
	g := v.graph()
	if g != nil && g.anomaly != nil {
		g.anomaly.backward(v)
		return
	}
	if g != nil && !g.mixed {
		g.sweepInOrder(v)
		return
	}
	var stack []*Value[T]
	if g != nil {
		stack = g.stack[:0]
	}
	stack = countConsumers(v, stack)
	stack = sweep(v, stack)
	if g != nil {
		g.stack = stack[:0]
	}
}

// sweepInOrder is Backward for a root in g when every Value below it that
// has inputs belongs to g. Then g's memory holds them in the order they were
// made, which is a topological order, so walking it backwards from the last
// Value made visits each Value after all its consumers: no counting pass, no
// stack, and memory read in order. A Value takes part once a consumer has
// passed it a gradient, which pending marks until the walk reaches it.
func (g *Graph[T]) sweepInOrder(root *Value[T]) {
	root.grad = 1
	root.pending = 1
	waiting := 1 // marked Values the walk has not reached; at 0 it can stop
	s := &g.nodes
	for b := s.last(); b >= 0; b-- {
		block := s.taken(b)
		for k := len(block) - 1; k >= 0; k-- {
			v := &block[k]
			if v.pending == 0 {
				continue
			}
			v.pending = 0
			waiting--
			switch {
			case v.pairs():
				// TODO(chainrule): over millions of leaves this loop is bound
				// by memory bandwidth, 48 bytes a Value; see the README.
				first, second := v.ext.inputs, v.ext.second[:len(v.ext.inputs)]
				d := v.grad
				if v.leafFirst { // leaves, such as weights: what give does to a leaf
					for i, a := range first {
						b := second[i]
						a.grad += d * b.data
						waiting += give(b, d*a.data)
					}
				} else {
					for i, a := range first {
						b := second[i]
						waiting += give(a, d*b.data)
						waiting += give(b, d*a.data)
					}
				}
				if v.a != nil {
					waiting += give(v.a, v.grad) // an Affine's bias
				}
			case v.nary():
				for i, in := range v.ext.inputs {
					if in.needsGrad {
						waiting += give(in, v.grad*partial(v, i))
					}
				}
			case v.op == opReLU: // the hottest unary op, unrolled
				if v.a.needsGrad {
					waiting += give(v.a, v.grad*step(v.a.data, 0))
				}
			default:
				if v.a.needsGrad {
					waiting += give(v.a, v.grad*partial(v, 0))
				}
				if v.b != nil && v.b.needsGrad {
					waiting += give(v.b, v.grad*partial(v, 1))
				}
			}
			if waiting == 0 {
				return // the rest of g is leaves or not below root
			}
		}
	}
}

// give adds d to in's gradient if in needs one. An op's result that has not
// been given anything since its walk began starts again from d, and is marked
// to take part; give returns 1 then, and 0 otherwise.
func give[T float](in *Value[T], d T) int {
	switch {
	case in.pending != 0: // an op's result that was given something already
		in.grad += d
	case !in.needsGrad:
	case in.op == opLeaf:
		in.grad += d
	default:
		in.grad = d
		in.pending = 1
		return 1
	}
	return 0
}

// countConsumers walks the Values below root that need a gradient and are not
// leaves, setting each one's pending to the number of its consumers below
// root and its gradient to zero. It returns the emptied stack for reuse.
func countConsumers[T float](root *Value[T], stack []*Value[T]) []*Value[T] {
	root.grad = 0
	stack = append(stack, root)
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if v.nary() {
			for _, in := range v.ext.inputs {
				stack = count(in, stack)
			}
			for _, in := range v.ext.second {
				stack = count(in, stack)
			}
		}
		if v.a != nil { // the first input of a unary or binary op, or an Affine's bias
			stack = count(v.a, stack)
		}
		if v.b != nil {
			stack = count(v.b, stack)
		}
	}
	return stack
}

// count notes one more consumer of in, pushing in onto stack when it is seen
// for the first time and has inputs of its own that need a gradient.
func count[T float](in *Value[T], stack []*Value[T]) []*Value[T] {
	if !in.needsGrad || in.op == opLeaf {
		return stack
	}
	if in.pending == 0 {
		in.grad = 0
		stack = append(stack, in)
	}
	in.pending++
	return stack
}

// sweep gives root the gradient 1 and passes gradients down, visiting a Value
// only once all its consumers have passed it theirs, and leaves every pending
// count at zero. It returns the emptied stack for reuse.
func sweep[T float](root *Value[T], stack []*Value[T]) []*Value[T] {
	root.grad = 1
	stack = append(stack, root)
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		switch {
		case v.pairs():
			// The hottest ops of a network, unrolled: each input's local
			// derivative is its partner's data, as partial says.
			first, second := v.ext.inputs, v.ext.second[:len(v.ext.inputs)]
			d := v.grad
			if v.leafFirst { // leaves, such as weights: what pass does to a leaf
				for i, a := range first {
					b := second[i]
					a.grad += d * b.data
					stack = pass(b, d*a.data, stack)
				}
			} else {
				for i, a := range first {
					b := second[i]
					stack = pass(a, d*b.data, stack)
					stack = pass(b, d*a.data, stack)
				}
			}
			if v.a != nil {
				stack = pass(v.a, v.grad, stack) // an Affine's bias
			}
		case v.nary():
			for i, in := range v.ext.inputs {
				if in.needsGrad {
					stack = pass(in, v.grad*partial(v, i), stack)
				}
			}
		case v.op == opReLU: // the hottest unary op, unrolled
			if v.a.needsGrad {
				stack = pass(v.a, v.grad*step(v.a.data, 0), stack)
			}
		default:
			if v.a.needsGrad {
				stack = pass(v.a, v.grad*partial(v, 0), stack)
			}
			if v.b != nil && v.b.needsGrad {
				stack = pass(v.b, v.grad*partial(v, 1), stack)
			}
		}
	}
	return stack
}

// pass adds d to in's gradient if in needs one, and pushes in onto stack once
// every consumer has passed it its share.
func pass[T float](in *Value[T], d T, stack []*Value[T]) []*Value[T] {
	if !in.needsGrad {
		return stack
	}
	in.grad += d
	if in.op == opLeaf {
		return stack
	}
	if in.pending--; in.pending == 0 {
		stack = append(stack, in)
	}
	return stack
}
