// Package nn builds neural networks out of [autodiff] Values: neurons,
// layers and multi-layer perceptrons, the losses and optimizers that train
// them, the files that save them and the tables that feed them. Every
// parameter is a leaf of the autodiff graph, so Backward on a loss gives
// each one its exact gradient.
//
// # Building a network
//
// [NewMLP] makes a network from a seeded *rand.Rand, the number of inputs
// and the width of each layer. Hidden layers use [ReLU] and the last layer
// is [Linear] unless [WithHidden], [WithOutput] or [WithActivations] says
// otherwise; [WithInit] picks the weight initialisation: [InitUniform]
// (uniform(-1, 1), as micrograd), [InitHe] or [InitXavier]. Biases start at
// zero.
//
//	rng := rand.New(rand.NewPCG(1, 2))
//	m := nn.NewMLP[float64](rng, 2, []int{16, 16, 1}) // 2-16-16-1
//
// A [Neuron] computes act(w·x + b) as one Affine node and the activation.
// [MLP.Forward] always returns a slice, one Value per output; [MLP.Predict]
// does the same on plain numbers.
//
// # Parameters
//
// Every weight and bias is an exported leaf that can be read or set by hand:
// m.Layers[l].Neurons[j].W[i] and .B, or a neuron and a layer at once with
// [Neuron.Set] and [Layer.Set], or the whole network with
// [MLP.SetParameterData]. [MLP.Parameters] lists them in a fixed order:
// layer by layer, neuron by neuron, each neuron's weights in input order,
// then its bias. Their labels follow the same scheme, with layers counted
// from 1 as in textbooks and neurons and inputs from 0 as in Go:
// "w2[3][0]" is m.Layers[1].Neurons[3].W[0] and "b2[3]" its neuron's bias.
//
// # Training
//
// A training step builds the loss from the network's outputs, zeroes the
// gradients, calls Backward and lets an [Optimizer] move the parameters:
//
//	opt := nn.NewSGD(m.Parameters(), nn.LinearDecay(1.0, 0.1, 100))
//	for range 100 {
//		scores := ... // m.Forward(x)[0] for each example x
//		loss := nn.Hinge(scores, y).Add(nn.L2(m.Parameters(), 1e-4))
//		opt.ZeroGrad()
//		loss.Backward()
//		opt.Step()
//	}
//
// The losses average over a batch: [MSE], [Hinge] (micrograd's max-margin
// loss), [BCEWithLogits] and [SoftmaxCrossEntropy], both computed from
// logits so that they stay finite and exact for logits in the thousands,
// and the penalty [L2]. The optimizers are [SGD], with optional momentum,
// and [Adam]; each keeps its state per parameter, takes its learning rate
// from a [Schedule] ([Constant], [LinearDecay], [ExponentialDecay]), and
// saves and restores that state as JSON so that training can resume.
//
// # Performance
//
// When the inputs of Forward belong to an [autodiff.Graph], every node of
// the forward pass, the slices Forward returns and everything the losses
// build land in that Graph too, so a training step that resets and reuses
// one Graph allocates almost nothing; Optimizer steps allocate nothing.
// [MakeMoons] makes the two-moons data of micrograd's demo for tests and
// benchmarks. [Parallel] computes a batch's gradient on several goroutines,
// with the same result, to the bit, for any number of them.
//
// # Files
//
// [MLP.Save] and [Load], or [MLP.WriteTo] and [ReadMLP], store a network as
// JSON: its inputs, each layer's activation and every weight and bias, one
// line per neuron. The output is the same bytes for the same network, and
// numbers read back bit for bit. Save writes a temporary file and renames
// it, so a crash leaves any previous file whole. Reading checks everything
// before building anything: a truncated, malformed or misshapen file gives
// an error that says what is wrong and where, never a panic or half a
// network.
//
// [ReadCSV] and [LoadCSV] read training data from CSV tables and report a
// bad value by line and column.
//
// # Panics and errors
//
// Misuse by the program, such as an input of the wrong length, an unknown
// activation or a loss of no examples, panics with a message starting
// "nn:"; each function's doc says when. Files and data from outside give
// returned errors, never panics.
package nn
