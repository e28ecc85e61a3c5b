package nn_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/exp/constraints"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/nn"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// handSet returns a 2-3-1 network with every parameter chosen by hand.
func handSet[T constraints.Float]() *nn.MLP[T] {
	m := nn.NewMLP[T](rand.New(rand.NewPCG(1, 1)), 2, []int{3, 1},
		nn.WithHidden(nn.Tanh))
	m.Layers[0].Set([][]T{{1, -1}, {0.5, 0.25}, {-2, 3}}, []T{0, 0.125, -1})
	m.Layers[1].Set([][]T{{1.5, -0.75, 0.1}}, []T{0.2})
	return m
}

func TestWriteToGolden(t *testing.T) {
	for _, name := range []string{"float64", "float32"} {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			var err error
			if name == "float64" {
				_, err = handSet[float64]().WriteTo(&b)
			} else {
				_, err = handSet[float32]().WriteTo(&b)
			}
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "handset_"+name+".json")
			if *update {
				if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), b.String()); diff != "" {
				t.Errorf("WriteTo output (-%s +got):\n%s", golden, diff)
			}
		})
	}
}

// awkward returns a network whose parameters are numbers that are easy to
// get wrong in text: negative zero, the smallest subnormal, the largest
// finite value, and values with no short decimal form. One neuron's
// activation differs from its layer's.
func awkward[T constraints.Float]() *nn.MLP[T] {
	m := nn.NewMLP[T](rand.New(rand.NewPCG(3, 3)), 3, []int{4, 2},
		nn.WithActivations(nn.Softplus, nn.Sigmoid), nn.WithInit(nn.InitHe))
	small, big := math.SmallestNonzeroFloat32, math.MaxFloat32
	if _, ok := any(T(0)).(float64); ok {
		small, big = math.SmallestNonzeroFloat64, math.MaxFloat64
	}
	tiny, huge := T(small), T(big)
	third := T(1) / 3
	m.Layers[0].Neurons[0].Set([]T{T(math.Copysign(0, -1)), tiny, -huge}, third)
	m.Layers[0].Neurons[1].Set([]T{0.1, -tiny, huge}, T(math.Pi))
	m.Layers[0].Neurons[2].Act = nn.LeakyReLU
	return m
}

func TestRoundTripBitExact(t *testing.T) {
	t.Run("float64", testRoundTrip[float64])
	t.Run("float32", testRoundTrip[float32])
}

func testRoundTrip[T constraints.Float](t *testing.T) {
	m := awkward[T]()
	var first bytes.Buffer
	if _, err := m.WriteTo(&first); err != nil {
		t.Fatal(err)
	}
	got, err := nn.ReadMLP[T](bytes.NewReader(first.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(bitsOf(m.ParameterData()), bitsOf(got.ParameterData())); diff != "" {
		t.Errorf("parameter bits after a round trip (-want +got):\n%s", diff)
	}
	if m.String() != got.String() {
		t.Errorf("round trip gave %s, want %s", got, m)
	}
	if a, b := got.Layers[0].Neurons[2].Act, got.Layers[0].Neurons[3].Act; a != nn.LeakyReLU ||
		b != nn.Softplus {
		t.Errorf("neuron activations %v and %v, want leaky_relu and softplus", a, b)
	}
	wantLabels, gotLabels := labelsOf(m), labelsOf(got)
	if diff := cmp.Diff(wantLabels, gotLabels); diff != "" {
		t.Errorf("labels after a round trip (-want +got):\n%s", diff)
	}

	// Writing again gives the same bytes, and so does a second network of
	// the same data.
	var second, third bytes.Buffer
	if _, err := got.WriteTo(&second); err != nil {
		t.Fatal(err)
	}
	if _, err := awkward[T]().WriteTo(&third); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first.Bytes(), second.Bytes()) || !bytes.Equal(first.Bytes(), third.Bytes()) {
		t.Errorf("output differs between writes:\n%s\n%s\n%s", &first, &second, &third)
	}
}

// bitsOf returns the bit patterns of xs, which tell -0 from 0.
func bitsOf[T constraints.Float](xs []T) []uint64 {
	b := make([]uint64, len(xs))
	for i, x := range xs {
		b[i] = math.Float64bits(float64(x))
	}
	return b
}

func labelsOf[T constraints.Float](m *nn.MLP[T]) []string {
	var ls []string
	for _, p := range m.Parameters() {
		ls = append(ls, p.Label())
	}
	return ls
}

func TestSaveLoad(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "model.json")
	m := awkward[float64]()
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	got, err := nn.Load[float64](path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(bitsOf(m.ParameterData()), bitsOf(got.ParameterData())); diff != "" {
		t.Errorf("parameter bits after Save and Load (-want +got):\n%s", diff)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if mode := fi.Mode().Perm(); mode != 0o644 {
		t.Errorf("new file has mode %v, want 0644", mode)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("overwritten file has mode %v, want 0600 kept", fi.Mode().Perm())
	}
	assertOnlyFiles(t, dir, "model.json")
}

// TestSaveFailureKeepsOldFile checks that a failed Save leaves the previous
// file as it was and no temporary file behind.
func TestSaveFailureKeepsOldFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "model.json")
	if err := handSet[float64]().Save(path); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	bad := handSet[float64]()
	bad.Layers[1].Neurons[0].W[2].SetData(math.NaN())
	err = bad.Save(path)
	if err == nil || !strings.Contains(err.Error(), "w2[0][2] is NaN") {
		t.Errorf("Save of a NaN weight: error %v, want one naming w2[0][2]", err)
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("a failed Save changed the previous file")
	}

	// A directory where the file should go makes the rename fail after the
	// temporary file is written; it must be removed.
	blocked := filepath.Join(dir, "blocked")
	if err := os.Mkdir(blocked, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := handSet[float64]().Save(blocked); err == nil {
		t.Error("Save over a directory succeeded")
	}
	if err := handSet[float64]().Save(filepath.Join(dir, "no", "such", "dir.json")); err == nil {
		t.Error("Save into a missing directory succeeded")
	}
	assertOnlyFiles(t, dir, "blocked", "model.json")
}

func assertOnlyFiles(t *testing.T, dir string, want ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("files in %s (-want +got):\n%s", dir, diff)
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := nn.Load[float64](filepath.Join(t.TempDir(), "absent.json"))
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load of a missing file: %v, want an error wrapping os.ErrNotExist", err)
	}
}

type failingWriter struct{ err error }

func (w failingWriter) Write(p []byte) (int, error) { return 0, w.err }

func TestWriteToErrors(t *testing.T) {
	broken := errors.New("disk full")
	if _, err := handSet[float64]().WriteTo(failingWriter{broken}); !errors.Is(err, broken) {
		t.Errorf("WriteTo a failing writer: %v, want it to wrap %v", err, broken)
	}
	tests := []struct {
		name, want string
		change     func(m *nn.MLP[float64])
	}{
		{"infinite bias", "b1[1] is +Inf", func(m *nn.MLP[float64]) {
			m.Layers[0].Neurons[1].B.SetData(math.Inf(1))
		}},
		{"no layers", "no layers", func(m *nn.MLP[float64]) { m.Layers = nil }},
		{"empty layer", "layer 2 has no neurons", func(m *nn.MLP[float64]) {
			m.Layers[1].Neurons = nil
		}},
		{"ragged", "layer 2 neuron 0 has 2 weights, want 3", func(m *nn.MLP[float64]) {
			n := m.Layers[1].Neurons[0]
			n.W = n.W[:2]
		}},
		{"activation", "unknown activation 77", func(m *nn.MLP[float64]) {
			m.Layers[0].Neurons[0].Act = 77
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := handSet[float64]()
			tt.change(m)
			var b bytes.Buffer
			n, err := m.WriteTo(&b)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
			if n != 0 || b.Len() != 0 {
				t.Errorf("wrote %d bytes before failing, want none", b.Len())
			}
		})
	}
}

// TestReadTruncated cuts a saved network at every byte: each prefix must
// give an error, never a panic or a network.
func TestReadTruncated(t *testing.T) {
	var b bytes.Buffer
	if _, err := handSet[float64]().WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	full := b.Bytes()
	end := len(bytes.TrimRight(full, "\n"))
	for n := 0; n < end; n++ {
		m, err := nn.ReadMLP[float64](bytes.NewReader(full[:n]))
		if err == nil || m != nil {
			t.Fatalf("prefix of %d bytes: model %v, error %v; want only an error", n, m, err)
		}
		if n > 0 && !strings.Contains(err.Error(), "line ") {
			t.Errorf("prefix of %d bytes: error %q does not say where", n, err)
		}
	}
}

func TestReadErrors(t *testing.T) {
	var b bytes.Buffer
	if _, err := handSet[float64]().WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	valid := b.String()
	// Lines of the valid file, counted from 1: 1 "{", 2 format, 3 version,
	// 4 type, 5 inputs, 6 "layers", 7 "{", 8 activation, 9 "neurons",
	// 10 to 12 the hidden neurons.
	hidden0 := `{"w":[1,-1],"b":0}`
	tests := []struct {
		name, old, new, want string
		float32              bool // read as float32
	}{
		{"empty", valid, "", "input is empty", false},
		{"not JSON", valid, "hello", "line 1, column 1: invalid character 'h'", false},
		{"not an object", valid, "[1, 2]", "cannot use JSON array", false},
		{"bad token", `"b":0.125`, `"b":0.125.5`, "line 11, column", false},
		{"trailing data", valid, valid + "{}", "line 23, column 1: unexpected data after", false},
		{"unknown field", `"inputs"`, `"outputs": 3, "inputs"`,
			`line 5, column 3: unknown field "outputs"`, false},
		{"string weight", hidden0, `{"w":[1,"x"],"b":0}`,
			"line 10, column 19: layers.neurons.w: cannot use JSON string", false},
		{"float32 overflow", hidden0, `{"w":[1,1e39],"b":0}`,
			"layers.neurons.w: cannot use JSON number 1e39 as float32", true},
		{"float64 overflow", hidden0, `{"w":[1,1e309],"b":0}`, "number 1e309", false},
		{"format", "chainrule.nn.MLP", "keras", `format: "keras", want`, false},
		{"no format", `"format": "chainrule.nn.MLP",`, "", "format: missing", false},
		{"version", `"version": 1`, `"version": 2`, "version: 2, but this package reads version 1",
			false},
		{"type", `"type": "float64"`, `"type": "float16"`, "holds float16 parameters", false},
		{"wrong type", valid, valid, "holds float64 parameters, want float32", true},
		{"no inputs", `"inputs": 2`, `"inputs": 0`, "inputs: 0, want at least 1", false},
		{"no layers", `"layers": [`, `"layers": [], "x": [`, `unknown field "x"`, false},
		{"activation", `"activation": "linear"`, `"activation": "gelu"`,
			`layers[1].activation: unknown activation "gelu"`, false},
		{"neuron activation", hidden0, `{"activation":"swish","w":[1,-1],"b":0}`,
			`layers[0].neurons[0].activation: unknown activation "swish"`, false},
		{"short weights", hidden0, `{"w":[1],"b":0}`,
			"layers[0].neurons[0].w: 1 weights, want 2, one per input of the network", false},
		{"long weights", `{"w":[1.5,-0.75,0.1]`, `{"w":[1.5,-0.75,0.1,4]`,
			"layers[1].neurons[0].w: 4 weights, want 3, one per neuron of layers[0]", false},
		{"null weight", hidden0, `{"w":[1,null],"b":0}`,
			"layers[0].neurons[0].w[1]: null, want a number", false},
		{"no bias", hidden0, `{"w":[1,-1]}`, "layers[0].neurons[0].b: missing", false},
		{"no neurons", `"neurons": [`, `"neurons": [], "x": [`, `unknown field "x"`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(valid, tt.old) {
				t.Fatalf("the valid file has no %q to replace", tt.old)
			}
			in := strings.Replace(valid, tt.old, tt.new, 1)
			var err error
			if tt.float32 {
				var m *nn.MLP[float32]
				m, err = nn.ReadMLP[float32](strings.NewReader(in))
				if m != nil {
					t.Errorf("got a network with the error")
				}
			} else {
				var m *nn.MLP[float64]
				m, err = nn.ReadMLP[float64](strings.NewReader(in))
				if m != nil {
					t.Errorf("got a network with the error")
				}
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v\nwant one containing %q", err, tt.want)
			}
			if err != nil && !strings.HasPrefix(err.Error(), "nn: read model: ") {
				t.Errorf("error %q does not start with \"nn: read model: \"", err)
			}
		})
	}
}

func TestReadErrorsEmptyLists(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"no layers", `{"format":"chainrule.nn.MLP","version":1,"type":"float64",` +
			`"inputs":2,"layers":[]}`, "layers: missing or empty"},
		{"no neurons", `{"format":"chainrule.nn.MLP","version":1,"type":"float64",` +
			`"inputs":2,"layers":[{"activation":"relu","neurons":[]}]}`,
			"layers[0].neurons: missing or empty"},
		{"no activation", `{"format":"chainrule.nn.MLP","version":1,"type":"float64",` +
			`"inputs":2,"layers":[{"neurons":[]}]}`, "layers[0].activation: missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := nn.ReadMLP[float64](strings.NewReader(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// FuzzReadMLP feeds ReadMLP arbitrary bytes: it must never panic, and what
// it accepts must write back to bytes that read as the same network.
func FuzzReadMLP(f *testing.F) {
	var b bytes.Buffer
	if _, err := awkward[float64]().WriteTo(&b); err != nil {
		f.Fatal(err)
	}
	f.Add(b.Bytes())
	f.Add([]byte(`{"format":"chainrule.nn.MLP","version":1,"type":"float64","inputs":1,` +
		`"layers":[{"activation":"relu","neurons":[{"w":[1],"b":2}]}]}`))
	f.Add([]byte(`{"layers":[{"neurons":[{"w":[null]}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := nn.ReadMLP[float64](bytes.NewReader(data))
		if err != nil {
			if m != nil {
				t.Fatal("a network came with an error")
			}
			return
		}
		var out bytes.Buffer
		if _, err := m.WriteTo(&out); err != nil {
			t.Fatalf("a network read without error does not write: %v", err)
		}
		again, err := nn.ReadMLP[float64](&out)
		if err != nil {
			t.Fatalf("rewritten network does not read: %v", err)
		}
		if !cmp.Equal(bitsOf(m.ParameterData()), bitsOf(again.ParameterData())) {
			t.Fatal("rewritten network differs")
		}
	})
}

// TestResume trains a network, saves it and its optimizer part way, loads
// both, and checks that the resumed run matches the unbroken one bit for bit.
func TestResume(t *testing.T) {
	t.Run("float64", testResume[float64])
	t.Run("float32", testResume[float32])
}

func testResume[T constraints.Float](t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	x, y := nn.MakeMoons[T](rng, 40, 0.1)
	m := nn.NewMLP[T](rng, 2, []int{8, 8, 1}, nn.WithInit(nn.InitHe))
	opt := nn.NewAdam(m.Parameters(), nn.ExponentialDecay(0.02, 0.99))
	step := func(m *nn.MLP[T], opt nn.Optimizer) {
		scores := make([]*autodiff.Value[T], len(x))
		for i, p := range x {
			scores[i] = m.Forward([]*autodiff.Value[T]{autodiff.Const(p[0]),
				autodiff.Const(p[1])})[0]
		}
		loss := nn.Hinge(scores, y).Add(nn.L2(m.Parameters(), 1e-4))
		opt.ZeroGrad()
		loss.Backward()
		opt.Step()
	}
	for range 5 {
		step(m, opt)
	}

	// Save both to disk and load them into a new network and optimizer.
	dir := t.TempDir()
	if err := m.Save(filepath.Join(dir, "model.json")); err != nil {
		t.Fatal(err)
	}
	state, err := json.Marshal(opt)
	if err != nil {
		t.Fatal(err)
	}
	m2, err := nn.Load[T](filepath.Join(dir, "model.json"))
	if err != nil {
		t.Fatal(err)
	}
	opt2 := nn.NewAdam(m2.Parameters(), nn.ExponentialDecay(0.02, 0.99))
	if err := json.Unmarshal(state, opt2); err != nil {
		t.Fatal(err)
	}
	predictions := func(m *nn.MLP[T]) []uint64 {
		var out []T
		for _, p := range x {
			out = append(out, m.Predict(p)...)
		}
		return bitsOf(out)
	}
	if diff := cmp.Diff(predictions(m), predictions(m2)); diff != "" {
		t.Errorf("predictions after loading (-saved +loaded):\n%s", diff)
	}

	for range 5 {
		step(m, opt)
		step(m2, opt2)
	}
	if diff := cmp.Diff(predictions(m), predictions(m2)); diff != "" {
		t.Errorf("predictions after resuming (-unbroken +resumed):\n%s", diff)
	}
	if diff := cmp.Diff(bitsOf(m.ParameterData()), bitsOf(m2.ParameterData())); diff != "" {
		t.Errorf("parameters after resuming (-unbroken +resumed):\n%s", diff)
	}
}
