package main

import (
	"fmt"
	"io"

	"github.com/chainrule/chainrule/nn"
)

// The example's training: plain gradient descent on its one training
// point, until the loss is this small.
const (
	learningRate = 0.01
	targetLoss   = 1e-6

	targetLossText = "1e-6"

	// maxSteps stops training that does not converge; with the example's
	// numbers it takes 23 steps.
	maxSteps = 10000

	// reportEvery is how often the training table shows the loss.
	reportEvery = 2
)

// writeTraining writes section 4: one gradient step written out for
// w11(2), then for every parameter, the new forward pass, and training
// until the loss is below targetLoss. The backward pass must already have
// run on p.loss, and m is changed.
func writeTraining(w io.Writer, m *nn.MLP[float64], p *pass) {
	heading(w, 4, "Gradient descent")
	params := m.Parameters()
	before := m.ParameterData()
	grads := make([]float64, len(params))
	for i, q := range params {
		grads[i] = q.Grad()
	}
	w11 := m.Layers[1].Neurons[0].W[0]
	w11Before, w11Grad := w11.Data(), w11.Grad()
	opt := nn.NewSGD(params, nn.Constant(learningRate))
	opt.Step()

	// The step of w11(2), the first weight of the output layer, in full.
	fmt.Fprintf(w, "A step of gradient descent moves every parameter p against its gradient,\n"+
		"scaled by the learning rate α = %s: p ← p - α·∂L/∂p. For w11(2):\n\n",
		num(learningRate))
	fmt.Fprintf(w, "  %[1]s ← %[1]s - α·∂L/∂%[1]s = %s - %s·%s = %s\n\n", w11.Label(),
		num(w11Before), num(learningRate), factor(w11Grad), num(w11.Data()))

	fmt.Fprintf(w, "All %d parameters, stepped by nn.SGD:\n\n", len(params))
	cols := [][]string{{"p"}, {"before"}, {"∂L/∂p"}, {"after"}}
	for i, q := range params {
		cols[0] = append(cols[0], q.Label())
		cols[1] = append(cols[1], num(before[i]))
		cols[2] = append(cols[2], num(grads[i]))
		cols[3] = append(cols[3], num(q.Data()))
	}
	writeTable(w, "  ", cols)

	// The forward pass again, with the stepped parameters.
	s := students()[0]
	first := p.loss.Data()
	p = forward(m, s)
	fmt.Fprintf(w, "\nThe forward pass again with them: ŷ = (%s), and\n"+
		"  L = %s, down from %s.\n\n", join(data(p.yhat())), num(p.loss.Data()), num(first))

	// Train on until the loss is small enough, one step at a time.
	fmt.Fprintf(w, "Repeating the step until L < %s:\n\n", targetLossText)
	fmt.Fprintf(w, "  %4s  %s\n", "step", "L")
	fmt.Fprintf(w, "  %4d  %s\n", 0, sci(first))
	step := 1
	for ; p.loss.Data() >= targetLoss && step < maxSteps; step++ {
		if step == 1 || step%reportEvery == 0 {
			fmt.Fprintf(w, "  %4d  %s\n", step, sci(p.loss.Data()))
		}
		opt.ZeroGrad()
		p.loss.Backward()
		opt.Step()
		p = forward(m, s)
	}
	fmt.Fprintf(w, "  %4d  %s\n\n", step, sci(p.loss.Data()))
	fmt.Fprintf(w, "After %d steps ŷ = (%s), against y = (%s).\n\n", step,
		join(data(p.yhat())), join(s.y))
}

// writeTable writes cols as a table whose first row is a header: the first
// column left-aligned, the others right-aligned.
func writeTable(w io.Writer, indent string, cols [][]string) {
	widths := make([]int, len(cols))
	for c, col := range cols {
		widths[c] = width(col...)
	}
	for r := range cols[0] {
		line := indent + pad(cols[0][r], widths[0])
		for c := 1; c < len(cols); c++ {
			line += "  " + padLeft(cols[c][r], widths[c])
		}
		fmt.Fprintln(w, line)
	}
}
