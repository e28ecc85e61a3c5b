package nn

import (
	"fmt"
	"slices"

	"golang.org/x/exp/constraints"

	"github.com/chainrule/chainrule/autodiff"
)

// The losses below take a batch of N examples, one prediction per example,
// and return the mean loss over the batch as one Value, so that Backward on
// it gives every parameter its exact gradient. The targets are numbers,
// which become constants of the graph.

// MSE returns the mean squared error (1/N) Σₙ ||pred[n] - target[n]||², the
// squared Euclidean distance between each example's outputs and its targets,
// averaged over the N examples. The sum of squares is a single Dot node.
//
// MSE panics if pred is empty, if pred and target have different lengths, or
// if an example's predictions and targets have different lengths.
func MSE[T constraints.Float](pred [][]*autodiff.Value[T], target [][]T) *autodiff.Value[T] {
	checkBatch("MSE", len(pred), len(target))
	g, size := graphOf(pred...), 0
	for _, y := range target {
		size += len(y)
	}
	diffs := g.Values(size)[:0]
	for n, p := range pred {
		if len(p) != len(target[n]) {
			panic(fmt.Sprintf("nn: MSE of example %d: %d outputs, %d targets",
				n, len(p), len(target[n])))
		}
		for i, y := range target[n] {
			diffs = append(diffs, p[i].Sub(g.Const(y)))
		}
	}
	return mean(autodiff.Dot(diffs, diffs), len(pred))
}

// Hinge returns the max-margin loss of micrograd's moons demo,
// (1/N) Σₙ relu(1 - label[n]·score[n]), for labels ±1: zero for an example
// scored beyond the margin on its label's side, growing linearly otherwise.
//
// Hinge panics if scores is empty or scores and labels have different
// lengths.
func Hinge[T constraints.Float](scores []*autodiff.Value[T], labels []T) *autodiff.Value[T] {
	checkBatch("Hinge", len(scores), len(labels))
	g := graphOf(scores)
	one := g.Const(1)
	terms := g.Values(len(scores))
	for n, s := range scores {
		terms[n] = one.Sub(s.Mul(g.Const(labels[n]))).ReLU()
	}
	return mean(autodiff.Sum(terms...), len(scores))
}

// BCEWithLogits returns the binary cross-entropy of the probabilities
// sigmoid(logits[n]) against labels[n] in [0, 1], averaged over the
// examples: (1/N) Σₙ -(y log σ(z) + (1-y) log(1-σ(z))). It is computed as
// softplus(z) - y·z, which is exact and finite for any finite logit: a
// logit of 1000 with label 1 costs 0 and has gradient 0, one of -1000 costs
// 1000 and has gradient -1/N.
//
// BCEWithLogits panics if logits is empty, logits and labels have different
// lengths, or a label lies outside [0, 1].
func BCEWithLogits[T constraints.Float](logits []*autodiff.Value[T],
	labels []T) *autodiff.Value[T] {
	checkBatch("BCEWithLogits", len(logits), len(labels))
	g := graphOf(logits)
	terms := g.Values(len(logits))
	for n, z := range logits {
		y := labels[n]
		if !(y >= 0 && y <= 1) {
			panic(fmt.Sprintf("nn: BCEWithLogits label %d is %v, outside [0, 1]", n, y))
		}
		terms[n] = z.Softplus().Sub(z.Mul(g.Const(y)))
	}
	return mean(autodiff.Sum(terms...), len(logits))
}

// SoftmaxCrossEntropy returns the cross-entropy of softmax(logits[n])
// against the true class classes[n], averaged over the examples:
// (1/N) Σₙ (logsumexp(logits[n]) - logits[n][classes[n]]). LogSumExp shifts
// by the largest logit, so the loss and its gradient, softmax minus the
// one-hot target, are exact and finite for logits of any finite size.
//
// SoftmaxCrossEntropy panics if logits is empty, logits and classes have
// different lengths, or a class is not an index into its example's logits.
func SoftmaxCrossEntropy[T constraints.Float](logits [][]*autodiff.Value[T],
	classes []int) *autodiff.Value[T] {
	checkBatch("SoftmaxCrossEntropy", len(logits), len(classes))
	terms := graphOf(logits...).Values(len(logits))
	for n, z := range logits {
		c := classes[n]
		if c < 0 || c >= len(z) {
			panic(fmt.Sprintf("nn: SoftmaxCrossEntropy class %d of example %d, with %d logits",
				c, n, len(z)))
		}
		terms[n] = autodiff.LogSumExp(z...).Sub(z[c])
	}
	return mean(autodiff.Sum(terms...), len(logits))
}

// L2 returns the penalty lambda · Σ p² over params, to be added to a loss so
// that training prefers small weights, as micrograd's moons demo does with
// lambda = 1e-4. Its gradient is 2·lambda·p for each parameter. The sum of
// squares is a single Dot node, which keeps a copy of params, so the caller
// may reuse the slice; no params give a constant 0. Parameters live on the
// heap, so the penalty does too: in a step built in an autodiff.Graph,
// g.Dot(params, params) puts it in the Graph instead, without a copy.
func L2[T constraints.Float](params []*autodiff.Value[T], lambda T) *autodiff.Value[T] {
	ps := slices.Clone(params)
	return autodiff.Dot(ps, ps).Mul(autodiff.Const(lambda))
}

// checkBatch panics unless a loss has at least one example and as many
// targets as predictions.
func checkBatch(loss string, preds, targets int) {
	switch {
	case preds == 0:
		panic("nn: " + loss + " of no examples")
	case preds != targets:
		panic(fmt.Sprintf("nn: %s of %d predictions and %d targets", loss, preds, targets))
	}
}

// mean returns total / n.
func mean[T constraints.Float](total *autodiff.Value[T], n int) *autodiff.Value[T] {
	return total.Div(total.Graph().Const(T(n)))
}

// graphOf returns the autodiff.Graph of the first of xs that has one, or nil,
// so that a loss builds its Values, constants and slices where its inputs
// are: in the Graph of a training step, nothing is allocated.
func graphOf[T constraints.Float](xs ...[]*autodiff.Value[T]) *autodiff.Graph[T] {
	for _, s := range xs {
		for _, x := range s {
			if g := x.Graph(); g != nil {
				return g
			}
		}
	}
	return nil
}
