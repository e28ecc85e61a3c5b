// Package nn builds neural networks out of [autodiff] Values: neurons,
// layers and multi-layer perceptrons, the losses and optimizers that train
// them, and the files that save them.
//
// # Building a network
//
// [NewMLP] makes a network from a seeded *rand.Rand, the number of inputs
// and the width of each layer. Hidden layers use [ReLU] and the last layer
// is [Linear] unless [WithHidden], [WithOutput] or [WithActivations] says
// otherwise; [WithInit] picks the weight initialisation.
//
//	rng := rand.New(rand.NewPCG(1, 2))
//	m := nn.NewMLP[float64](rng, 2, []int{16, 16, 1})
//
// Every weight and bias is an exported leaf that can be read or set by hand:
// m.Layers[l].Neurons[j].W[i] and .B, or whole neurons and layers at once
// with [Neuron.Set] and [Layer.Set]. [MLP.Parameters] lists them in a fixed
// order: layer by layer, neuron by neuron, each neuron's weights in input
// order, then its bias. Labels name them the same way: "w1[0][2]" is weight
// 2 of neuron 0 of the first layer, "b1[0]" that neuron's bias.
package nn
