package autodiff

import (
	"fmt"

	"golang.org/x/exp/constraints"
)

// Edge is one input slot of an op: input number Index of Out is In, and Local
// is the local derivative ∂Out/∂In at the current data. An op that uses the
// same Value twice, as a.Mul(a) does, has two Edges to it.
type Edge[T constraints.Float] struct {
	Out, In *Value[T]
	Index   int
	Local   T
}

// Path is one way down the graph from a root to a Value, as the Edges taken
// in order, with the product of their local derivatives: the share of the
// gradient that flows along this path.
type Path[T constraints.Float] struct {
	Edges   []Edge[T]
	Product T
}

// Paths returns every path from root down to x, in the order a depth-first
// walk that takes inputs in order finds them, so that the chain rule can be
// seen at work: the sum of the paths' products is the derivative of root with
// respect to x, the gradient that root.Backward() gives x. It returns no
// paths when x is not below root, and just one, with no edges and product 1,
// when x is root.
//
// The number of paths can grow exponentially with depth, so Paths returns an
// error as soon as it finds more than limit. It is meant for small graphs;
// each path costs memory linear in its length.
func Paths[T constraints.Float](root, x *Value[T], limit int) ([]Path[T], error) {
	reaches := reaching(root, x)
	if !reaches[root] {
		return nil, nil
	}

	// Walk down from root, keeping the edges of the current path; a frame
	// says which input of the Value at that depth to try next.
	var paths []Path[T]
	var edges []Edge[T]
	stack := []frame[T]{{v: root}}
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		if top.v == x {
			if len(paths) == limit {
				return nil, fmt.Errorf("autodiff: more than %d paths from root to x", limit)
			}
			paths = append(paths, newPath(edges))
		}
		if top.v == x || top.next == top.v.arity() {
			stack = stack[:len(stack)-1]
			if len(edges) > 0 {
				edges = edges[:len(edges)-1]
			}
			continue
		}
		i := top.next
		top.next++
		if in := top.v.input(i); reaches[in] {
			edges = append(edges, Edge[T]{Out: top.v, In: in, Index: i, Local: partial(top.v, i)})
			stack = append(stack, frame[T]{v: in})
		}
	}
	return paths, nil
}

// newPath returns a Path holding a copy of edges.
func newPath[T constraints.Float](edges []Edge[T]) Path[T] {
	p := Path[T]{Edges: append([]Edge[T](nil), edges...), Product: 1}
	for _, e := range edges {
		p.Product *= e.Local
	}
	return p
}

// reaching returns the set of Values below root, root included, from which x
// can be reached by following inputs.
func reaching[T constraints.Float](root, x *Value[T]) map[*Value[T]]bool {
	// Post-order walk: a Value reaches x if it is x or one of its inputs does,
	// which is known once all its inputs are done.
	done := make(map[*Value[T]]bool)
	reaches := make(map[*Value[T]]bool)
	stack := []*Value[T]{root}
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		if done[v] {
			stack = stack[:len(stack)-1]
			continue
		}
		pushed := false
		for i := v.arity() - 1; i >= 0; i-- {
			if in := v.input(i); !done[in] {
				stack = append(stack, in)
				pushed = true
			}
		}
		if pushed {
			continue
		}
		stack = stack[:len(stack)-1]
		done[v] = true
		reaches[v] = v == x
		for i := range v.arity() {
			reaches[v] = reaches[v] || reaches[v.input(i)]
		}
	}
	return reaches
}
