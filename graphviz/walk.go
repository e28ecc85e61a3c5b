package graphviz

import (
	"fmt"

	"golang.org/x/exp/constraints"

	"github.com/chainrule/chainrule/autodiff"
)

// TooLargeError is the error [Write] returns, having written nothing, for a
// graph whose drawing would have more nodes than its limit. Graphviz's layout
// time grows much faster than the number of nodes, and a drawing of several
// thousand is too dense to read anyway.
type TooLargeError struct {
	Nodes  int // in the drawing: one per Value, and one per op unless OpNodes(false)
	Values int // distinct Values below the root, counting it
	Limit  int // the limit that Nodes exceeds, set by MaxNodes
}

// Error says how many nodes the drawing would have and how to allow them.
func (e *TooLargeError) Error() string {
	return fmt.Sprintf("graphviz: the drawing would have %d nodes for %d values, "+
		"more than the limit of %d; pass graphviz.MaxNodes(%d) to draw it anyway, "+
		"though Graphviz may take minutes", e.Nodes, e.Values, e.Limit, e.Nodes)
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
// If the drawing would have more than limit nodes, counting one per op if
// ops is set, walk returns a *TooLargeError with their exact number. Past the
// limit it keeps only the map, to count.
func walk[T constraints.Float](root *autodiff.Value[T], limit int, ops bool) (
	[]node[T], map[*autodiff.Value[T]]int, error) {

	var nodes []node[T]
	ids := make(map[*autodiff.Value[T]]int)
	drawn := 0 // nodes of the drawing so far
	stack := []*autodiff.Value[T]{root}
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if _, seen := ids[v]; seen {
			continue
		}
		ids[v] = len(ids)
		in := v.Inputs()

		// TODO(chainrule): edges that span many ranks slow dot as much as
		// nodes do; weigh them too, so that the limit bounds layout time.
		drawn++
		if ops && len(in) > 0 {
			drawn++
		}
		if drawn <= limit {
			nodes = append(nodes, node[T]{v, in})
		}

		// Pushed last to first, the inputs are taken first to last.
		for i := len(in) - 1; i >= 0; i-- {
			if _, seen := ids[in[i]]; !seen {
				stack = append(stack, in[i])
			}
		}
	}
	if drawn > limit {
		return nil, nil, &TooLargeError{Nodes: drawn, Values: len(ids), Limit: limit}
	}
	return nodes, ids, nil
}
