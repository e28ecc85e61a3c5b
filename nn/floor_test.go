package nn_test

import (
	"math"
	"testing"
)

// floorStep is W1 as a minimal graph of one node per op, linked to its
// inputs by pointers, as autodiff's is: it makes a node for each neuron's
// affine map and each ReLU, and walks the nodes backwards once. It checks
// nothing, knows every input's kind, fuses the loss into one node per point
// and one for the batch, and has no other API to serve: a floor for such a
// design, not a proven bound. BenchmarkMoonsStepFloor measures the engine
// against it.
type floorStep struct {
	x      [][]float64
	y      []float64
	w      [3][][]*floorNode // w[l][j][i]: layer l, neuron j, input i
	b      [3][]*floorNode
	params []*floorNode
	nodes  []floorNode  // the graph of a step, in the order it was made
	ptrs   []*floorNode // the slices of the graph: layers' outputs, hinges
}

// floorNode is one scalar of floorStep's graph.
type floorNode struct {
	data, grad float64
	op         floorOp
	a          *floorNode   // a ReLU's input, an affine map's bias, a hinge's score
	w, x       []*floorNode // an affine map's weights and inputs; the loss's hinges
	y          float64      // a hinge's label
}

type floorOp uint8

const (
	floorLeaf floorOp = iota
	floorAffine
	floorReLU
	floorHinge
	floorLoss // mean of the hinges in x, plus moonsL2 Σ p² over the parameters
)

func newFloorStep() *floorStep {
	x, y, m := moonsTask()
	s := &floorStep{x: x, y: y}
	p := m.ParameterData()
	sizes := []int{2, 16, 16, 1}
	leaf := func() *floorNode {
		n := &floorNode{data: p[0]}
		p = p[1:]
		s.params = append(s.params, n)
		return n
	}
	perPoint := 4 // nodes or pointers a point takes, at most: inputs and hinge
	for l := range 3 {
		nin, nout := sizes[l], sizes[l+1]
		s.w[l], s.b[l] = make([][]*floorNode, nout), make([]*floorNode, nout)
		for j := range nout {
			s.w[l][j] = make([]*floorNode, nin)
			for i := range nin {
				s.w[l][j][i] = leaf()
			}
			s.b[l][j] = leaf()
		}
		perPoint += 3 * nout // an affine node, a ReLU and an output pointer each
	}
	// The nodes never move: their memory is made once, large enough.
	s.nodes = make([]floorNode, 0, len(x)*perPoint+1)
	s.ptrs = make([]*floorNode, 0, len(x)*perPoint+len(x))
	return s
}

// node returns a new node of the step's graph. It writes the fields one by
// one, as autodiff does, since Go builds a composite literal on the stack
// and copies it.
func (s *floorStep) node(op floorOp, data float64, a *floorNode, w, x []*floorNode,
	y float64) *floorNode {
	if len(s.nodes) == cap(s.nodes) {
		panic("floorStep: more nodes than planned; their memory would move")
	}
	s.nodes = s.nodes[:len(s.nodes)+1]
	n := &s.nodes[len(s.nodes)-1]
	n.data, n.grad, n.op, n.a, n.w, n.x, n.y = data, 0, op, a, w, x, y
	return n
}

// slice returns n new pointers of the step's graph.
func (s *floorStep) slice(n int) []*floorNode {
	k := len(s.ptrs)
	s.ptrs = s.ptrs[:k+n]
	return s.ptrs[k : k+n : k+n]
}

func (s *floorStep) step() float64 {
	s.nodes, s.ptrs = s.nodes[:0], s.ptrs[:0]
	hinges := s.slice(len(s.x))
	for p, xp := range s.x {
		in := s.slice(2)
		in[0] = s.node(floorLeaf, xp[0], nil, nil, nil, 0)
		in[1] = s.node(floorLeaf, xp[1], nil, nil, nil, 0)
		for l := range 3 {
			out := s.slice(len(s.w[l]))
			for j, w := range s.w[l] {
				z := s.b[l][j].data
				for i, wi := range w {
					z += wi.data * in[i].data
				}
				out[j] = s.node(floorAffine, z, s.b[l][j], w, in, 0)
				if l < 2 {
					out[j] = s.node(floorReLU, max(z, 0), out[j], nil, nil, 0)
				}
			}
			in = out
		}
		h := max(1-s.y[p]*in[0].data, 0)
		hinges[p] = s.node(floorHinge, h, in[0], nil, nil, s.y[p])
	}
	sum, sq := 0.0, 0.0
	for _, h := range hinges {
		sum += h.data
	}
	for _, p := range s.params {
		sq += p.data * p.data
		p.grad = 0
	}
	loss := s.node(floorLoss, sum/float64(len(hinges))+moonsL2*sq, nil, nil, hinges, 0)

	loss.grad = 1
	for k := len(s.nodes) - 1; k >= 0; k-- {
		v := &s.nodes[k]
		switch v.op {
		case floorAffine:
			for i, w := range v.w {
				x := v.x[i]
				w.grad += v.grad * x.data
				x.grad += v.grad * w.data
			}
			v.a.grad += v.grad
		case floorReLU:
			if v.a.data > 0 {
				v.a.grad += v.grad
			}
		case floorHinge:
			if v.data > 0 {
				v.a.grad -= v.grad * v.y
			}
		case floorLoss:
			for _, h := range v.x {
				h.grad += v.grad / float64(len(v.x))
			}
			for _, p := range s.params {
				p.grad += v.grad * 2 * moonsL2 * p.data
			}
		}
	}
	for _, p := range s.params {
		p.data -= moonsRate * p.grad
	}
	return loss.data
}

// TestFloorStepMatchesLoop checks that the floor computes what the plain
// loops compute, step by step, so that its speed means something.
func TestFloorStepMatchesLoop(t *testing.T) {
	f, r := newFloorStep(), newLoopStep()
	for k := range 100 {
		if got, want := f.step(), r.step(); math.Abs(got-want) > 1e-9 {
			t.Fatalf("step %d: floor loss %.15g, loop loss %.15g", k, got, want)
		}
	}
}

// BenchmarkMoonsStepFloor runs a W1 step through the engine, the floor and
// the plain loops in each iteration, and reports each one's time per step,
// the floor's time over the loops' (floor-x-loop) and the engine's over the
// floor's (engine-x-floor).
func BenchmarkMoonsStepFloor(b *testing.B) {
	e, f, r := newEngineStep(), newFloorStep(), newLoopStep()
	for range 3 {
		e.step()
	}
	b.ReportAllocs()
	b.ResetTimer()
	ts := alternate(b, []string{"engine-ns/step", "floor-ns/step", "loop-ns/step"},
		e.step, f.step, r.step)
	b.ReportMetric(ts[1]/ts[2], "floor-x-loop")
	b.ReportMetric(ts[0]/ts[1], "engine-x-floor")
}
