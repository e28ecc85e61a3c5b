// Chainrule shows that every gradient of a neural network is the chain rule.
// Run with no arguments, it works the classic hand-computed example of
// backpropagation with the autodiff engine, and prints, in order:
//
//  1. the forward pass of a network that predicts a student's math and
//     reading scores from hours studied, hours slept and prior grade: 3
//     inputs, 2 hidden ReLU neurons, 2 linear outputs, hand-picked weights;
//  2. all 14 gradients, each taken apart by autodiff.Paths into the paths
//     from the loss down to the parameter, with the local derivative on
//     every edge, whose products add up to the engine's gradient;
//  3. the matrix form of backpropagation over a batch of 4 students,
//     computed with plain loops and checked against the engine;
//  4. one step of gradient descent written out, then training until the
//     loss is below 1e-6;
//  5. where it wrote the graph of the loss as DOT, and as SVG when
//     Graphviz's dot is installed.
//
// Usage:
//
//	chainrule [example] [-graph file.dot]
//	chainrule moons [-seed n] [-steps n] [-o file.png]
//	chainrule dot
//	chainrule help [command]
//
// The moons command trains micrograd's demo, an MLP 2-16-16-1 on two
// interleaved half-moons, showing a progress bar on a terminal and plain
// lines otherwise, and draws the decision boundary to a PNG. The dot
// command writes the example's graph as DOT to standard output.
//
// The text is the same, byte for byte, on every run. Files are written
// atomically. A mistake on the command line exits with status 2 after the
// usage; a file or output that cannot be written exits with status 1.
package main
