package nn_test

import (
	"math"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/nn"
)

// W1, the moons training step: 100 points of two half-moons, an MLP 2-16-16-1
// with ReLU hidden layers and a linear output, loss = mean of
// relu(1 - y·score) + 1e-4 Σ p², Backward, and SGD at rate 0.1.
const (
	moonsPoints = 100
	moonsL2     = 1e-4
	moonsRate   = 0.1
)

// moonsTask returns the fixed data and a fresh model for W1.
func moonsTask() (x [][]float64, y []float64, m *nn.MLP[float64]) {
	x, y = nn.MakeMoons[float64](rand.New(rand.NewPCG(1, 2)), moonsPoints, 0.1)
	m = nn.NewMLP[float64](rand.New(rand.NewPCG(3, 4)), 2, []int{16, 16, 1})
	return x, y, m
}

// engineStep is one W1 step through the engine, building the graph in g.
type engineStep struct {
	x      [][]float64
	y      []float64
	m      *nn.MLP[float64]
	params []*autodiff.Value[float64]
	opt    *nn.SGD[float64]
	g      *autodiff.Graph[float64]
	scores []*autodiff.Value[float64]
}

func newEngineStep() *engineStep {
	x, y, m := moonsTask()
	params := m.Parameters()
	return &engineStep{x: x, y: y, m: m, params: params,
		opt: nn.NewSGD(params, nn.Constant(moonsRate)),
		g:   autodiff.NewGraph[float64](), scores: make([]*autodiff.Value[float64], len(x))}
}

// step runs one training step and returns its loss.
func (s *engineStep) step() float64 {
	g := s.g
	g.Reset()
	for i, xi := range s.x {
		in := g.Values(2)
		in[0], in[1] = g.Const(xi[0]), g.Const(xi[1])
		s.scores[i] = s.m.Forward(in)[0]
	}
	l2 := g.Dot(s.params, s.params).Mul(g.Const(moonsL2))
	loss := nn.Hinge(s.scores, s.y).Add(l2)
	s.opt.ZeroGrad()
	loss.Backward()
	s.opt.Step()
	return loss.Data()
}

// loopStep is the same step written with plain slices and loops: the
// reference that the engine's speed is measured against.
type loopStep struct {
	x    [][]float64
	y    []float64
	w    [3][][]float64 // w[l][j][i]: layer l, neuron j, input i
	b    [3][]float64
	gw   [3][][]float64
	gb   [3][]float64
	z, a [3][]float64 // pre- and post-activation of one point
	d    [3][]float64 // dLoss/dz of one point
}

func newLoopStep() *loopStep {
	x, y, m := moonsTask()
	s := &loopStep{x: x, y: y}
	p := m.ParameterData() // layer by layer, neuron by neuron, weights then bias
	sizes := []int{2, 16, 16, 1}
	for l := range 3 {
		nin, nout := sizes[l], sizes[l+1]
		s.w[l], s.gw[l] = make([][]float64, nout), make([][]float64, nout)
		s.b[l], s.gb[l] = make([]float64, nout), make([]float64, nout)
		s.z[l], s.a[l] = make([]float64, nout), make([]float64, nout)
		s.d[l] = make([]float64, nout)
		for j := range nout {
			s.w[l][j], p = append([]float64(nil), p[:nin]...), p[nin:]
			s.gw[l][j] = make([]float64, nin)
			s.b[l][j], p = p[0], p[1:]
		}
	}
	return s
}

func (s *loopStep) step() float64 {
	for l := range 3 {
		clear(s.gb[l])
		for j := range s.gw[l] {
			clear(s.gw[l][j])
		}
	}
	n := float64(len(s.x))
	hinge := 0.0
	for p, xp := range s.x {
		// Forward.
		in := xp
		for l := range 3 {
			for j, wj := range s.w[l] {
				z := 0.0
				for i, wji := range wj {
					z += wji * in[i]
				}
				z += s.b[l][j]
				s.z[l][j], s.a[l][j] = z, z
				if l < 2 && !(z > 0) {
					s.a[l][j] = 0
				}
			}
			in = s.a[l]
		}
		margin := 1 - s.y[p]*s.a[2][0]
		if margin > 0 {
			hinge += margin
			s.d[2][0] = -s.y[p] / n
		} else {
			s.d[2][0] = 0
		}

		// Backward, from the output layer down.
		for l := 2; l >= 0; l-- {
			prev := xp
			if l > 0 {
				prev = s.a[l-1]
			}
			if l > 0 {
				clear(s.d[l-1])
			}
			for j, dj := range s.d[l] {
				s.gb[l][j] += dj
				gw := s.gw[l][j][:len(prev)]
				if l == 0 {
					for i, pi := range prev {
						gw[i] += dj * pi
					}
					continue
				}
				w, dprev := s.w[l][j][:len(prev)], s.d[l-1][:len(prev)]
				for i, pi := range prev {
					gw[i] += dj * pi
					dprev[i] += dj * w[i]
				}
			}
			if l > 0 {
				for i, zi := range s.z[l-1] {
					if !(zi > 0) {
						s.d[l-1][i] = 0
					}
				}
			}
		}
	}

	// The L2 term, its gradient, and the SGD update.
	sq := 0.0
	for l := range 3 {
		for j, wj := range s.w[l] {
			gwj := s.gw[l][j][:len(wj)]
			for i, wji := range wj {
				sq += wji * wji
				wj[i] -= moonsRate * (gwj[i] + 2*moonsL2*wji)
			}
			bj := s.b[l][j]
			sq += bj * bj
			s.b[l][j] -= moonsRate * (s.gb[l][j] + 2*moonsL2*bj)
		}
	}
	return hinge/n + moonsL2*sq
}

// TestLoopStepMatchesEngine checks that the reference computes what the
// engine computes: the same loss at every one of 100 steps, to 1e-9.
func TestLoopStepMatchesEngine(t *testing.T) {
	e, r := newEngineStep(), newLoopStep()
	for k := range 100 {
		got, want := e.step(), r.step()
		if math.Abs(got-want) > 1e-9 {
			t.Fatalf("step %d: engine loss %.15g, loop loss %.15g", k, got, want)
		}
	}
	// The task must be learnt, or agreeing would prove little.
	if loss := e.step(); loss > 0.2 {
		t.Errorf("loss after 100 steps: got %v, want below 0.2", loss)
	}
}

// TestMoonsStepAllocatesNothing checks W1's goal of no allocation per step
// once the Graph has grown, which BenchmarkMoonsStepRatio reports too.
func TestMoonsStepAllocatesNothing(t *testing.T) {
	e := newEngineStep()
	e.step()
	if n := testing.AllocsPerRun(20, func() { e.step() }); n != 0 {
		t.Errorf("a W1 step in a warm Graph allocates %v times, want 0", n)
	}
}

// BenchmarkMoonsStepRatio runs one W1 step through the engine and one with
// the plain loops in each iteration, alternating so that a shared, noisy
// machine slows both alike, and reports each one's time per step and x-loop,
// the engine's total time over the loops'. Its allocs/op are the engine's
// in the steady state (the loops allocate nothing): the first steps, which
// grow the Graph, run before the timer starts.
func BenchmarkMoonsStepRatio(b *testing.B) {
	e, r := newEngineStep(), newLoopStep()
	for range 3 {
		e.step()
	}
	b.ReportAllocs()
	b.ResetTimer()
	ts := alternate(b, []string{"engine-ns/step", "loop-ns/step"}, e.step, r.step)
	b.ReportMetric(ts[0]/ts[1], "x-loop")
}

// alternate runs each of steps in turn in each iteration of b, reports the
// time per step of steps[i] under units[i], and returns those times.
func alternate(b *testing.B, units []string, steps ...func() float64) []float64 {
	d := make([]time.Duration, len(steps))
	for b.Loop() {
		for i, step := range steps {
			t0 := time.Now()
			step()
			d[i] += time.Since(t0)
		}
	}
	ts := make([]float64, len(steps))
	for i := range ts {
		ts[i] = float64(d[i].Nanoseconds()) / float64(b.N)
		b.ReportMetric(ts[i], units[i])
	}
	return ts
}

// BenchmarkMoonsStepLoop times the plain loops' step alone.
func BenchmarkMoonsStepLoop(b *testing.B) {
	r := newLoopStep()
	b.ReportAllocs()
	for b.Loop() {
		r.step()
	}
}

// parallelStep is W1 with the hinge loss's gradient from nn.Parallel and the
// L2 penalty's in a Graph of its own.
type parallelStep struct {
	x      [][]float64
	y      []float64
	params []*autodiff.Value[float64]
	opt    *nn.SGD[float64]
	p      *nn.Parallel[float64]
	g      *autodiff.Graph[float64]
	hinge  chunkLoss
}

func newParallelStep(workers int) *parallelStep {
	x, y, m := moonsTask()
	params := m.Parameters()
	return &parallelStep{x: x, y: y, params: params,
		opt: nn.NewSGD(params, nn.Constant(moonsRate)), p: nn.NewParallel(m, workers, 25),
		g: autodiff.NewGraph[float64](), hinge: hingeChunk(x, y)}
}

func (s *parallelStep) step() float64 {
	s.opt.ZeroGrad()
	loss := s.p.Backward(len(s.x), s.hinge)
	s.g.Reset()
	l2 := s.g.Dot(s.params, s.params).Mul(s.g.Const(moonsL2))
	l2.Backward()
	s.opt.Step()
	return loss + l2.Data()
}

// TestParallelStepMatchesEngine checks that W1 through Parallel follows the
// single-graph step's losses for 100 steps, to 1e-9, with 1 and 2 workers.
func TestParallelStepMatchesEngine(t *testing.T) {
	e, p1, p2 := newEngineStep(), newParallelStep(1), newParallelStep(2)
	for k := range 100 {
		want := e.step()
		if got1, got2 := p1.step(), p2.step(); math.Abs(got1-want) > 1e-9 || got2 != got1 {
			t.Fatalf("step %d: 1 worker %.15g, 2 workers %.15g, one graph %.15g",
				k, got1, got2, want)
		}
	}
}

// BenchmarkMoonsStepParallel runs W1 with one worker and with two in each
// iteration, alternating, and reports speedup, one worker's time per step
// over two workers'.
func BenchmarkMoonsStepParallel(b *testing.B) {
	one, two := newParallelStep(1), newParallelStep(2)
	b.ReportAllocs()
	ts := alternate(b, []string{"1-worker-ns/step", "2-workers-ns/step"}, one.step, two.step)
	b.ReportMetric(ts[0]/ts[1], "speedup")
}

// BenchmarkMoonsStepTwoAtOnce measures what two cores of this machine give
// two W1 steps with nothing in common, for comparison with
// BenchmarkMoonsStepParallel: two engine steps run one after the other, then
// at once on two goroutines, alternating; speedup is the first time over the
// second.
func BenchmarkMoonsStepTwoAtOnce(b *testing.B) {
	s1, s2 := newEngineStep(), newEngineStep()
	for range 3 {
		s1.step()
		s2.step()
	}
	inTurn := func() float64 { return s1.step() + s2.step() }
	atOnce := func() float64 {
		var wg sync.WaitGroup
		wg.Go(func() { s2.step() })
		l := s1.step()
		wg.Wait()
		return l
	}
	b.ReportAllocs()
	b.ResetTimer()
	ts := alternate(b, []string{"in-turn-ns/op", "at-once-ns/op"}, inTurn, atOnce)
	b.ReportMetric(ts[0]/ts[1], "speedup")
}
