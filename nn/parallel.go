package nn

import (
	"fmt"
	"sync"

	"golang.org/x/exp/constraints"

	"github.com/chainrule/chainrule/autodiff"
)

// Parallel computes the gradient of a loss that is a sum over the examples
// of a batch on several goroutines, each with its own copy of a model and
// its own autodiff.Graph, and adds the parts into the model's gradients.
//
// The batch is cut into chunks of a fixed size, whatever the number of
// workers, and the chunks' gradients are added in chunk order, so the result
// is the same, to the last bit, for any number of workers.
//
// A Parallel is not safe for concurrent use.
type Parallel[T constraints.Float] struct {
	m       *MLP[T]
	params  []*autodiff.Value[T]
	chunk   int
	workers []*worker[T]
	grads   [][]T // grads[c]: the gradient of chunk c, one number per parameter
	losses  []T   // losses[c]: the loss of chunk c
}

// worker is one goroutine's copy of the model and the Graph it builds in.
type worker[T constraints.Float] struct {
	m      *MLP[T]
	params []*autodiff.Value[T]
	g      *autodiff.Graph[T]
}

// NewParallel returns a Parallel for m with the given number of workers,
// which cuts batches into chunks of chunk examples. Chunks of a few dozen
// examples keep the cost of adding gradients small against the work.
//
// NewParallel panics if workers or chunk is below 1.
func NewParallel[T constraints.Float](m *MLP[T], workers, chunk int) *Parallel[T] {
	if workers < 1 || chunk < 1 {
		panic(fmt.Sprintf("nn: NewParallel with %d workers and chunks of %d", workers, chunk))
	}
	p := &Parallel[T]{m: m, params: m.Parameters(), chunk: chunk}
	for range workers {
		c := m.Clone()
		p.workers = append(p.workers, &worker[T]{m: c, params: c.Parameters(),
			g: autodiff.NewGraph[T]()})
	}
	return p
}

// Backward adds to the gradient of every parameter of the model the
// gradient of the sum over the chunks [lo, hi) of the batch 0..n of
// loss(m, g, lo, hi), and returns that sum. Each call of loss builds its part
// on m, a copy of the model that holds its parameters' current data, in g,
// a Graph of its own; it must return the loss of the examples lo to hi-1
// only, scaled as their share of the whole (for a mean over the batch,
// divided by n, not by hi - lo). Terms of the loss that do not sum over
// examples, such as an L2 penalty, belong to the caller, on the model.
//
// Backward runs the workers in parallel and returns once all are done.
func (p *Parallel[T]) Backward(n int,
	loss func(m *MLP[T], g *autodiff.Graph[T], lo, hi int) *autodiff.Value[T]) T {
	chunks := (n + p.chunk - 1) / p.chunk
	for len(p.grads) < chunks {
		p.grads = append(p.grads, make([]T, len(p.params)))
		p.losses = append(p.losses, 0)
	}

	// Each worker takes every len(workers)-th chunk; the chunks' results
	// land in slots of their own, so the workers share nothing they write.
	var wg sync.WaitGroup
	for k, w := range p.workers {
		wg.Go(func() {
			for i, v := range w.params {
				v.SetData(p.params[i].Data())
			}
			for c := k; c < chunks; c += len(p.workers) {
				lo, hi := c*p.chunk, min((c+1)*p.chunk, n)
				w.g.Reset()
				for _, v := range w.params {
					v.ZeroGrad()
				}
				l := loss(w.m, w.g, lo, hi)
				l.Backward()
				p.losses[c] = l.Data()
				for i, v := range w.params {
					p.grads[c][i] = v.Grad()
				}
			}
		})
	}
	wg.Wait()

	var total T
	for c := range chunks {
		total += p.losses[c]
		for i, v := range p.params {
			v.SetGrad(v.Grad() + p.grads[c][i])
		}
	}
	return total
}
