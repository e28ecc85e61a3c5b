package graphviz

import (
	"fmt"

	"golang.org/x/exp/constraints"

	"github.com/chainrule/chainrule/autodiff"
)

// TooLargeError is the error [Write] returns, having written nothing, for a
// graph of more Values than its limit. Graphviz's layout takes time that grows
// faster than the number of nodes, and a drawing of many thousand Values is
// too dense to read anyway.
type TooLargeError struct {
	Values int // the number of distinct Values below the root, counting it
	Limit  int // the limit that Values exceeds, set by MaxNodes
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("graphviz: the graph has %d values, more than the limit of %d; "+
		"pass graphviz.MaxNodes(%d) to draw it anyway, though Graphviz may take minutes",
		e.Values, e.Limit, e.Values)
}

// node is one Value of a walk and the inputs of its op, in order.
type node[T constraints.Float] struct {
	v  *autodiff.Value[T]
	in []*autodiff.Value[T]
}

// walk returns the distinct Values below root, root first, in the order in
// which a depth-first search that follows each Value's inputs in order first
// reaches them, and a map from each Value to its index in that order. It
// uses a stack of its own instead of recursion, so any depth is safe.
//
// If there are more than limit Values, walk returns a *TooLargeError with
// their exact number. Past the limit it keeps only the map, to count.
func walk[T constraints.Float](root *autodiff.Value[T], limit int) (
	[]node[T], map[*autodiff.Value[T]]int, error) {

	var nodes []node[T]
	ids := make(map[*autodiff.Value[T]]int)
	stack := []*autodiff.Value[T]{root}
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if _, seen := ids[v]; seen {
			continue
		}
		ids[v] = len(ids)
		in := v.Inputs()
		if len(ids) <= limit {
			nodes = append(nodes, node[T]{v, in})
		}

		// Pushed last to first, the inputs are taken first to last.
		for i := len(in) - 1; i >= 0; i-- {
			if _, seen := ids[in[i]]; !seen {
				stack = append(stack, in[i])
			}
		}
	}
	if len(ids) > limit {
		return nil, nil, &TooLargeError{Values: len(ids), Limit: limit}
	}
	return nodes, ids, nil
}
