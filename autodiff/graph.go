package autodiff

import "golang.org/x/exp/constraints"

// Graph holds the memory of the Values built from it, so that a loop which
// builds a graph of the same shape again and again, as a training step does,
// can reuse that memory instead of allocating. Leaves made by [Graph.New] and
// [Graph.Const] belong to the Graph, and so does every Value that an op makes
// from at least one Value of the Graph; Values made by [New] and [Const] live
// on the heap and mix freely with those of any one Graph.
//
// [Graph.Reset] makes all the Graph's Values invalid at once and keeps their
// memory for the next ones. In the steady state building a graph and calling
// Backward on it allocate nothing.
//
// The zero Graph is not usable; call [NewGraph]. A Graph is not safe for
// concurrent use, but separate Graphs may be used on separate goroutines.
type Graph[T constraints.Float] struct {
	nodes  slab[Value[T]]
	inputs slab[*Value[T]]
	extras slab[extra[T]]

	// common is the extra of every Value of g that needs no other; it says
	// that the Value belongs to g.
	common extra[T]

	// stack is Backward's work list, kept to be reused.
	stack []*Value[T]

	// mixed records that an op of g has an input made by an op on the heap,
	// which is not in g's memory, so that Backward cannot walk that memory
	// alone and must search the graph.
	mixed bool

	// anomaly is the state of anomaly detection, nil while it is off.
	anomaly *anomalies[T]
}

// NewGraph returns an empty Graph.
func NewGraph[T constraints.Float]() *Graph[T] {
	g := &Graph[T]{}
	g.common.g = g
	return g
}

// shared returns the extra that g's Values share when they need no other, or
// nil for the heap.
func (g *Graph[T]) shared() *extra[T] {
	if g == nil {
		return nil
	}
	return &g.common
}

// New returns a leaf of g holding x that receives a gradient, as [New] does.
// On a nil Graph, New and [Graph.Const] make heap Values, as the package
// functions do, so that code can take the Graph of its inputs
// ([Value.Graph]) and make its constants there, whichever it is.
func (g *Graph[T]) New(x T) *Value[T] {
	return g.node(opLeaf, x, nil, nil, g.shared(), true)
}

// Const returns a leaf of g holding x that never receives a gradient, as
// [Const] does.
func (g *Graph[T]) Const(x T) *Value[T] {
	return g.node(opConst, x, nil, nil, g.shared(), false)
}

// Values returns a slice of n nil Value pointers whose memory belongs to g
// until [Graph.Reset], or to the heap if g is nil: room for the outputs of a
// layer, say, that allocates nothing in the steady state.
func (g *Graph[T]) Values(n int) []*Value[T] {
	s := g.allocInputs(n)
	clear(s)
	return s
}

// Len returns the number of Values made in g since it was made or reset.
func (g *Graph[T]) Len() int { return g.nodes.used() }

// Reset discards every Value of g, keeping their memory for the Values made
// next. Any use of a Value of g made before Reset is a bug that this package
// cannot detect: such a Value may already hold another one's data.
func (g *Graph[T]) Reset() {
	g.nodes.reset()
	g.inputs.reset()
	g.extras.reset()
	g.mixed = false
}

// alloc returns memory for one Value: from g, or from the heap if g is nil.
func (g *Graph[T]) alloc() *Value[T] {
	if g == nil {
		return new(Value[T])
	}
	return g.nodes.one()
}

// node returns a new Value of g, or of the heap if g is nil, holding data,
// made by o from a and b (for an n-ary op, from the inputs in ext; for an
// Affine, a is the bias), and watches it if it is an op's result. Every
// Value is made here, so it is written for speed, as the W1 benchmark in
// nn/perf_test.go measured: field by field, since Go builds a composite
// literal on the stack and copies it, and from g's block in use without a
// call when the block has room.
func (g *Graph[T]) node(o op, data T, a, b *Value[T], ext *extra[T], needsGrad bool) *Value[T] {
	var v *Value[T]
	if g != nil && g.nodes.i < len(g.nodes.cur) {
		v = &g.nodes.cur[g.nodes.i] // the common case of alloc, without a call
		g.nodes.i++
	} else {
		v = g.alloc()
	}
	v.data, v.grad = data, 0
	v.a, v.b, v.ext = a, b, ext
	v.op, v.needsGrad, v.inGraph, v.leafFirst, v.pending = o, needsGrad, g != nil, false, 0
	if o > opLeaf {
		g.watch(v)
	}
	return v
}

// allocInputs returns a slice of n input pointers, from g or from the heap.
func (g *Graph[T]) allocInputs(n int) []*Value[T] {
	if g == nil {
		return make([]*Value[T], n)
	}
	return g.inputs.take(n)
}

// allocExtra returns a new extra of a Value of g, from g or from the heap,
// holding the given inputs (nil but for n-ary ops). It writes the fields one
// by one and takes g's memory without a call, as node does, since every Dot
// and Affine makes one.
func (g *Graph[T]) allocExtra(inputs, second []*Value[T]) *extra[T] {
	if g == nil {
		return &extra[T]{inputs: inputs, second: second}
	}
	var e *extra[T]
	if s := &g.extras; s.i < len(s.cur) {
		e = &s.cur[s.i] // without a call, as in node
		s.i++
	} else {
		e = s.one()
	}
	e.g, e.label, e.site = g, "", ""
	e.inputs, e.second = inputs, second
	return e
}

// watch is called on every Value an op makes, once its data is set. Unless
// g detects anomalies, it costs one or two comparisons.
func (g *Graph[T]) watch(v *Value[T]) {
	if g == nil || g.anomaly == nil {
		return
	}
	g.anomaly.watch(v)
}

// slab hands out runs of elements from blocks that it keeps across resets.
type slab[E any] struct {
	blocks [][]E
	cur    []E // blocks[b], or nil before the first block is made
	b, i   int // the block in use and the next free element in it
	done   int // elements in the blocks before b
}

const (
	minBlock = 256
	maxBlock = 1 << 16
)

// one returns one element, which may hold data from before a reset.
func (s *slab[E]) one() *E {
	if s.i < len(s.cur) {
		s.i++
		return &s.cur[s.i-1]
	}
	return &s.grow(1)[0]
}

// take returns n contiguous elements, which may hold data from before a reset.
func (s *slab[E]) take(n int) []E {
	if s.i+n <= len(s.cur) {
		r := s.cur[s.i : s.i+n : s.i+n]
		s.i += n
		return r
	}
	return s.grow(n)
}

// grow moves to the next block that has room for n elements, making one
// when none does, and takes n elements from it.
func (s *slab[E]) grow(n int) []E {
	if s.b < len(s.blocks) {
		s.done += s.i
		s.b++
	}
	if s.b == len(s.blocks) || len(s.blocks[s.b]) < n {
		size := minBlock
		if len(s.blocks) > 0 {
			size = min(2*len(s.blocks[len(s.blocks)-1]), maxBlock)
		}
		size = max(size, n)
		s.blocks = append(s.blocks, nil)
		copy(s.blocks[s.b+1:], s.blocks[s.b:])
		s.blocks[s.b] = make([]E, size)
	}
	s.cur, s.i = s.blocks[s.b], n
	return s.cur[:n:n]
}

// last returns the number of the block in use, or -1 before the first block
// is made.
func (s *slab[E]) last() int { return min(s.b, len(s.blocks)-1) }

// taken returns the elements of block k taken since the last reset, for a
// slab whose elements are taken one at a time, as Values are: every block
// before the one in use is then full.
func (s *slab[E]) taken(k int) []E {
	if k == s.b {
		return s.blocks[k][:s.i]
	}
	return s.blocks[k]
}

// used returns the number of elements taken since the last reset, counting
// none that were skipped at the end of a block.
func (s *slab[E]) used() int { return s.done + s.i }

// reset makes every block free again.
func (s *slab[E]) reset() {
	s.b, s.i, s.done = 0, 0, 0
	if len(s.blocks) > 0 {
		s.cur = s.blocks[0]
	}
}
