package main

import (
	"fmt"
	"io"
	"math/rand/v2"
	"strings"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/nn"
)

// The moons task and its training, as micrograd's demo sets them.
const (
	moonsPoints = 100
	moonsNoise  = 0.1
	moonsLambda = 1e-4 // the weight of the L2 penalty

	// The learning rate falls in a straight line from moonsLR0 at the first
	// step to moonsLR1 at the last.
	moonsLR0 = 1.0
	moonsLR1 = 0.1

	defaultSeed  = 1337
	defaultSteps = 100
	maxMoonSteps = 100000
	defaultPNG   = "chainrule-moons.png"

	// moonsReportEvery is how often a plain, non-terminal output reports.
	moonsReportEvery = 10
)

// moonsConfig is what the moons command's flags set.
type moonsConfig struct {
	seed  uint64
	steps int
	png   string // where to draw the decision boundary; "" for nowhere
	tty   bool   // show a progress bar that redraws itself in place
}

// moonsResult is the state of training after a step, as reported.
type moonsResult struct {
	step, steps int
	loss        float64
	correct, n  int
}

// accuracy returns the share of points classified right, in percent.
func (r moonsResult) accuracy() float64 { return 100 * float64(r.correct) / float64(r.n) }

// trainMoons trains a 2-16-16-1 MLP on the two moons drawn from rng with
// micrograd's recipe: the full batch each step, hinge loss plus an L2
// penalty, SGD with a falling learning rate. It calls report after each
// step with the loss and accuracy of the model that step started from, and
// returns the trained model, the data and the final loss and accuracy.
func trainMoons(rng *rand.Rand, steps int, report func(moonsResult)) (
	*nn.MLP[float64], [][]float64, []float64, moonsResult) {

	x, y := nn.MakeMoons[float64](rng, moonsPoints, moonsNoise)
	m := nn.NewMLP[float64](rng, 2, []int{16, 16, 1})
	params := m.Parameters()
	opt := nn.NewSGD(params, nn.LinearDecay(moonsLR0, moonsLR1, steps))

	// One Graph holds each step's nodes, so that steps after the first
	// reuse its memory instead of allocating.
	g := autodiff.NewGraph[float64]()
	evaluate := func() (*autodiff.Value[float64], moonsResult) {
		g.Reset()
		scores := make([]*autodiff.Value[float64], len(x))
		r := moonsResult{steps: steps, n: len(x)}
		in := make([]*autodiff.Value[float64], 2)
		for i, p := range x {
			in[0], in[1] = g.Const(p[0]), g.Const(p[1])
			scores[i] = m.Forward(in)[0]
			if (scores[i].Data() > 0) == (y[i] > 0) {
				r.correct++
			}
		}
		loss := nn.Hinge(scores, y).Add(nn.L2(params, moonsLambda))
		r.loss = loss.Data()
		return loss, r
	}
	for k := range steps {
		loss, r := evaluate()
		opt.ZeroGrad()
		loss.Backward()
		opt.Step()
		r.step = k + 1
		report(r)
	}
	_, final := evaluate()
	final.step = steps
	return m, x, y, final
}

// runMoons trains the moons model as the config says, reporting progress
// to w, and draws its decision boundary to the PNG file it names.
func runMoons(w io.Writer, c moonsConfig) error {
	fmt.Fprintf(w, "Two moons: %d points, noise %s, seed %d.\n", moonsPoints,
		num(moonsNoise), c.seed)
	fmt.Fprintf(w, "Model: MLP(2 -> 16 relu -> 16 relu -> 1 linear), %d steps of SGD on the\n"+
		"whole batch, learning rate %s falling to %s, loss: hinge + %s·L2.\n\n",
		c.steps, num(moonsLR0), num(moonsLR1), num(moonsLambda))

	report := func(r moonsResult) {
		if r.step%moonsReportEvery == 0 || r.step == r.steps {
			fmt.Fprintln(w, progressLine(r))
		}
	}
	if c.tty {
		report = func(r moonsResult) {
			fmt.Fprintf(w, "\r%s %s", bar(r.step, r.steps, 30), progressLine(r))
		}
	}
	rng := rand.New(rand.NewPCG(c.seed, c.seed))
	m, x, y, final := trainMoons(rng, c.steps, report)
	if c.tty {
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "\nTrained: loss %.4f, accuracy %s%% (%d of %d points).\n",
		final.loss, num(final.accuracy()), final.correct, final.n)

	if c.png == "" {
		return nil
	}
	img := plotBoundary(m, x, y, plotWidth, plotHeight)
	err := writeFile(c.png, func(f io.Writer) error { return encodePNG(f, img) })
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "The decision boundary, with the points, is drawn in %s\n", c.png)
	return nil
}

// progressLine describes the training after a step.
func progressLine(r moonsResult) string {
	digits := len(fmt.Sprint(r.steps))
	return fmt.Sprintf("step %*d/%d  loss %.4f  accuracy %3s%%", digits, r.step, r.steps,
		r.loss, num(r.accuracy()))
}

// bar returns a progress bar of the given width, done of total full.
func bar(done, total, width int) string {
	full := width * done / total
	return "[" + strings.Repeat("#", full) + strings.Repeat(".", width-full) + "]"
}
