package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/nn"
)

// student is one training point of the example: the network's inputs
// (hours studied, hours slept, prior grade) and the scores it should predict
// (math, reading).
type student struct {
	x []float64
	y []float64
}

// students returns the batch of the matrix form. The first student is the
// one training point of the worked example; in the third, the first hidden
// neuron is off (z1(1) < 0), so that ReLU's zero derivative shows up.
func students() []student {
	return []student{
		{x: []float64{4, 7, 0.85}, y: []float64{0.9, 0.8}},
		{x: []float64{2, 8, 0.7}, y: []float64{0.6, 0.9}},
		{x: []float64{6, 4, 0.9}, y: []float64{0.85, 0.6}},
		{x: []float64{3, 9, 0.55}, y: []float64{0.7, 0.85}},
	}
}

// The network's shape: 3 inputs, 2 hidden ReLU neurons, 2 linear outputs.
const (
	numInputs  = 3
	numHidden  = 2
	numOutputs = 2
)

// startWeights returns the hand-picked weights and biases the example starts
// from: w[l][j][i] is the weight from neuron i of layer l to neuron j of
// layer l+1, which the text calls wji(l+1), and b[l][j] is bj(l+1).
func startWeights() (w [][][]float64, b [][]float64) {
	w = [][][]float64{
		{{-0.4, 0.5, -0.1}, {-0.1, 0.1, 0.3}},
		{{0.2, -0.1}, {0.3, 0.4}},
	}
	b = [][]float64{{0, 0}, {0.1, -0.1}}
	return w, b
}

// newNetwork returns the example's network with its starting weights, its
// parameters labelled as the text names them: w13(1) is the weight from
// input 3 to hidden neuron 1, b2(2) the bias of output 2.
func newNetwork() *nn.MLP[float64] {
	// The draws are all overwritten; NewMLP just needs a source.
	rng := rand.New(rand.NewPCG(0, 0))
	m := nn.NewMLP[float64](rng, numInputs, []int{numHidden, numOutputs})
	w, b := startWeights()
	for l, layer := range m.Layers {
		layer.Set(w[l], b[l])
		for j, n := range layer.Neurons {
			for i, wt := range n.W {
				wt.Named(fmt.Sprintf("w%d%d(%d)", j+1, i+1, l+1))
			}
			n.B.Named(fmt.Sprintf("b%d(%d)", j+1, l+1))
		}
	}
	return m
}

// pass is the graph of one forward pass of the example for one student,
// every Value labelled as the text names it, so that the chain-rule
// expansions and the drawing read like the math.
type pass struct {
	x, y []*autodiff.Value[float64] // the student, as constants

	// For layer l and neuron j: z[l][j] = wj(l+1)·a(l) + bj(l+1), one
	// Affine op, and a[l][j] = act(z). In the linear output layer a and z
	// are the same Value.
	z, a [][]*autodiff.Value[float64]

	e, sq []*autodiff.Value[float64] // e = ŷ - y, and e²
	sse   *autodiff.Value[float64]   // Σe²
	loss  *autodiff.Value[float64]   // L = Σe² / N
}

// forward runs m on s and returns the labelled graph up to the loss.
//
// The loss is L = (1/N) Σ ||ŷ - y||² with N = 1, built from one Pow per
// squared error rather than with nn.MSE, whose sum of squares is one Dot of
// the errors with themselves: a Dot has two edges to each error, which would
// double the number of chain-rule paths to every parameter.
func forward(m *nn.MLP[float64], s student) *pass {
	p := &pass{x: consts("x", s.x), y: consts("y", s.y)}
	in := p.x
	for l, layer := range m.Layers {
		out := layer.Forward(in)
		zs := make([]*autodiff.Value[float64], len(out))
		for j, a := range out {
			// nn's neuron is act(Affine(w, in, b)): dig the z out of the
			// activation's result to name it.
			z := a
			if a.Op() == "relu" {
				z = a.Inputs()[0]
				a.Named(fmt.Sprintf("a%d(%d)", j+1, l+1))
			}
			z.Named(fmt.Sprintf("z%d(%d)", j+1, l+1))
			zs[j] = z
		}
		p.z = append(p.z, zs)
		p.a = append(p.a, out)
		in = out
	}

	two := autodiff.Const(2.0).Named("2")
	for k, yhat := range in {
		e := yhat.Sub(p.y[k]).Named(fmt.Sprintf("e%d", k+1))
		p.e = append(p.e, e)
		p.sq = append(p.sq, e.Pow(two).Named(fmt.Sprintf("e%d²", k+1)))
	}
	p.sse = autodiff.Sum(p.sq...).Named("Σe²")
	p.loss = p.sse.Div(autodiff.Const(1.0).Named("N")).Named("L")
	return p
}

// consts returns xs as constants labelled name1, name2, ...
func consts(name string, xs []float64) []*autodiff.Value[float64] {
	vs := make([]*autodiff.Value[float64], len(xs))
	for i, x := range xs {
		vs[i] = autodiff.Const(x).Named(fmt.Sprintf("%s%d", name, i+1))
	}
	return vs
}

// yhat returns the network's outputs ŷ of the pass.
func (p *pass) yhat() []*autodiff.Value[float64] { return p.a[len(p.a)-1] }

// writeForward writes section 1: every neuron's z and a, the prediction and
// the loss, each formula followed by its numbers.
func writeForward(w io.Writer, m *nn.MLP[float64], p *pass) {
	fmt.Fprint(w, "chainrule works the classic hand-computed example of backpropagation\n"+
		"with an automatic differentiation engine, and shows that every gradient\n"+
		"the engine finds is the chain rule at work.\n\n")
	heading(w, 1, "The forward pass")
	fmt.Fprintf(w, "A network predicts a student's test scores: 3 inputs, one hidden layer of\n"+
		"2 ReLU neurons, 2 linear outputs. wji(l) is the weight from neuron i of\n"+
		"layer l-1 to neuron j of layer l, bj(l) the bias of neuron j of layer l;\n"+
		"layer 0 is the input x.\n\n")
	fmt.Fprintf(w, "  x = (hours studied, hours slept, prior grade) = (%s)\n",
		join(data(p.x)))
	fmt.Fprintf(w, "  y = (math score, reading score)               = (%s)\n\n",
		join(data(p.y)))

	for l, layer := range m.Layers {
		kind := "hidden, ReLU"
		if l == len(m.Layers)-1 {
			kind = "output, linear"
		}
		fmt.Fprintf(w, "Layer %d (%s):\n", l+1, kind)
		prev := p.x
		if l > 0 {
			prev = p.a[l-1]
		}
		for j, n := range layer.Neurons {
			var sym, nums []string
			for i, wt := range n.W {
				sym = append(sym, wt.Label()+"·"+prev[i].Label())
				nums = append(nums, factor(wt.Data())+"·"+factor(prev[i].Data()))
			}
			sym = append(sym, n.B.Label())
			nums = append(nums, factor(n.B.Data()))
			z := p.z[l][j]
			lhs := "  " + z.Label() + " = "
			fmt.Fprintf(w, "%s%s\n", lhs, strings.Join(sym, " + "))
			fmt.Fprintf(w, "%s%s\n", pad("", len(lhs)-2)+"= ", strings.Join(nums, " + "))
			fmt.Fprintf(w, "%s%s\n", pad("", len(lhs)-2)+"= ", num(z.Data()))
			if a := p.a[l][j]; a != z {
				fmt.Fprintf(w, "  %s = relu(%s) = %s\n", a.Label(), z.Label(), num(a.Data()))
			}
		}
		fmt.Fprintln(w)
	}

	// The output layer is linear, so the prediction is its z.
	out := p.yhat()
	fmt.Fprintf(w, "Prediction (the output layer is linear, so ŷk = ak(2) = zk(2)):\n")
	fmt.Fprintf(w, "  ŷ = (%s)\n\n", join(data(out)))
	fmt.Fprintf(w, "Loss, with N = 1 training point and errors ek = ŷk - yk:\n")
	for k, e := range p.e {
		fmt.Fprintf(w, "  %s = ŷ%d - y%d = %s - %s = %s\n", e.Label(), k+1, k+1,
			num(out[k].Data()), num(p.y[k].Data()), num(e.Data()))
	}
	var sq []string
	for _, s := range p.sq {
		sq = append(sq, s.Label())
	}
	fmt.Fprintf(w, "  L = (1/N) Σ ||ŷ - y||² = (%s) / N = (%s) / 1\n",
		strings.Join(sq, " + "), strings.Join(nums(data(p.sq)), " + "))
	fmt.Fprintf(w, "    = %s\n\n", num(p.loss.Data()))
}

// data returns the data of vs.
func data(vs []*autodiff.Value[float64]) []float64 {
	d := make([]float64, len(vs))
	for i, v := range vs {
		d[i] = v.Data()
	}
	return d
}

// nums returns xs formatted by num.
func nums(xs []float64) []string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = num(x)
	}
	return s
}

// join returns xs formatted by num, separated by commas.
func join(xs []float64) string { return strings.Join(nums(xs), ", ") }

// runExample writes the whole worked example to w: the forward pass, the
// gradients and their chain-rule paths, the matrix form, training, and the
// graph, which it draws as d says.
func runExample(ctx context.Context, w io.Writer, d drawing) error {
	m, p := examplePass()
	writeForward(w, m, p)
	if err := writeGradients(w, m, p); err != nil {
		return err
	}
	writeMatrixForm(w)
	writeTraining(w, m, p)
	return writeGraph(ctx, w, d)
}
