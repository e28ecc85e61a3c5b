package nn

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"

	"golang.org/x/exp/constraints"

	"github.com/chainrule/chainrule/autodiff"
)

// formatName and formatVersion open every saved model, so that a reader can
// tell the file's kind and layout before it trusts the rest.
const (
	formatName    = "chainrule.nn.MLP"
	formatVersion = 1
)

var _ io.WriterTo = (*MLP[float64])(nil)

// file is a saved MLP as JSON holds it. Pointers tell a missing field from
// a zero one when reading.
type file[T constraints.Float] struct {
	Format  *string        `json:"format"`
	Version *int           `json:"version"`
	Type    *string        `json:"type"`
	Inputs  *int           `json:"inputs"`
	Layers  []fileLayer[T] `json:"layers"`
}

// fileLayer is one layer: the activation of its neurons, and the neurons.
type fileLayer[T constraints.Float] struct {
	Activation *string         `json:"activation"`
	Neurons    []fileNeuron[T] `json:"neurons"`
}

// fileNeuron is one neuron. Activation is set only where the neuron's
// activation differs from its layer's, which only hand-made networks do.
type fileNeuron[T constraints.Float] struct {
	Activation *string `json:"activation,omitempty"`
	W          []*T    `json:"w"`
	B          *T      `json:"b"`
}

// Save writes m to the file at path as [MLP.WriteTo] does. It writes a
// temporary file in the same directory, flushes it to disk and renames it
// over path, so that a crash or error part way leaves any previous file at
// path whole. A new file gets mode 0644; an existing file keeps its mode.
// Save returns an error, and leaves path untouched, if m cannot be saved
// (see WriteTo) or the file cannot be written.
func (m *MLP[T]) Save(path string) error {
	data, err := m.marshal()
	if err != nil {
		return err
	}
	if err := writeFileAtomic(path, data); err != nil {
		return fmt.Errorf("nn: save %s: %w", path, err)
	}
	return nil
}

// WriteTo writes m to w as JSON: a header naming the format
// ("chainrule.nn.MLP"), its version (1) and the type of the numbers
// ("float64" or "float32"); the number of inputs; then each layer's
// activation and, one line per neuron, the weights "w" in input order and
// the bias "b". A neuron whose activation differs from its layer's carries
// its own. Numbers are written in the fewest digits that read back as the
// same float64 or float32, so reading the output with [ReadMLP] gives back
// the same network bit for bit, and the same network always gives the same
// bytes. Labels and gradients are not saved.
//
// WriteTo returns an error, having written nothing, if a parameter is NaN
// or infinite, which JSON cannot hold, or if m's layers do not fit together;
// and any error of w.
func (m *MLP[T]) WriteTo(w io.Writer) (int64, error) {
	data, err := m.marshal()
	if err != nil {
		return 0, err
	}
	n, err := w.Write(data)
	if err != nil {
		return int64(n), fmt.Errorf("nn: write model: %w", err)
	}
	return int64(n), nil
}

// Load reads a network saved by [MLP.Save] from the file at path, as
// [ReadMLP] does.
func Load[T constraints.Float](path string) (*MLP[T], error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("nn: load: %w", err)
	}
	defer f.Close()
	m, err := readMLP[T](f)
	if err != nil {
		return nil, fmt.Errorf("nn: load %s: %w", path, err)
	}
	return m, nil
}

// ReadMLP reads a network written by [MLP.WriteTo] from r, with parameters
// labelled as [NewMLP] labels them. The saved type must be T: a float64
// network does not load as float32 or the other way round.
//
// If the input is truncated, is not JSON, holds unknown fields, or
// describes a network whose shapes do not fit together, ReadMLP returns no
// network and an error that says what is wrong and where: a line and column
// for broken JSON, a path such as layers[1].neurons[0].w for a wrong shape.
func ReadMLP[T constraints.Float](r io.Reader) (*MLP[T], error) {
	m, err := readMLP[T](r)
	if err != nil {
		return nil, fmt.Errorf("nn: read model: %w", err)
	}
	return m, nil
}

// readMLP is ReadMLP with errors that do not say what was read.
func readMLP[T constraints.Float](r io.Reader) (*MLP[T], error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	f, err := decode[T](data)
	if err != nil {
		return nil, err
	}
	return f.build()
}

// marshal returns m as WriteTo writes it. Each neuron takes one line, so
// that a saved network can be read and compared by eye and with diff.
func (m *MLP[T]) marshal() ([]byte, error) {
	if err := m.check(); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "{\n  \"format\": %q,\n  \"version\": %d,\n", formatName, formatVersion)
	fmt.Fprintf(&b, "  \"type\": %q,\n  \"inputs\": %d,\n", typeName[T](), m.NumInputs())
	b.WriteString("  \"layers\": [")
	for l, layer := range m.Layers {
		act := layer.Neurons[0].Act
		b.WriteString(sep(l) + "\n    {\n")
		fmt.Fprintf(&b, "      \"activation\": %q,\n      \"neurons\": [", act)
		for j, n := range layer.Neurons {
			fn := fileNeuron[T]{W: make([]*T, len(n.W)), B: ptr(n.B.Data())}
			if n.Act != act {
				fn.Activation = ptr(n.Act.String())
			}
			for i, w := range n.W {
				fn.W[i] = ptr(w.Data())
			}
			line, err := json.Marshal(fn)
			if err != nil {
				return nil, fmt.Errorf("nn: layer %d neuron %d: %w", l+1, j, err)
			}
			b.WriteString(sep(j) + "\n        ")
			b.Write(line)
		}
		b.WriteString("\n      ]\n    }")
	}
	b.WriteString("\n  ]\n}\n")
	return b.Bytes(), nil
}

// check returns an error unless m can be saved: at least one layer, every
// layer with neurons, each neuron with one weight per input of its layer,
// a known activation, and finite parameters.
func (m *MLP[T]) check() error {
	if len(m.Layers) == 0 {
		return errors.New("nn: an MLP with no layers cannot be saved")
	}
	nin := m.NumInputs()
	for l, layer := range m.Layers {
		if len(layer.Neurons) == 0 {
			return fmt.Errorf("nn: layer %d has no neurons", l+1)
		}
		for j, n := range layer.Neurons {
			switch {
			case len(n.W) != nin:
				return fmt.Errorf("nn: layer %d neuron %d has %d weights, want %d",
					l+1, j, len(n.W), nin)
			case n.Act >= numActivations:
				return fmt.Errorf("nn: layer %d neuron %d: unknown activation %d",
					l+1, j, uint8(n.Act))
			}
			for _, p := range n.appendParameters(nil) {
				if d := float64(p.Data()); math.IsNaN(d) || math.IsInf(d, 0) {
					return fmt.Errorf("nn: layer %d neuron %d: %s is %v, which JSON cannot hold",
						l+1, j, paramName(p, l, j), d)
				}
			}
		}
		nin = len(layer.Neurons)
	}
	return nil
}

// paramName returns p's label, or says where p is if it has none.
func paramName[T constraints.Float](p *autodiff.Value[T], l, j int) string {
	if s := p.Label(); s != "" {
		return s
	}
	return fmt.Sprintf("a parameter of neuron %d of layer %d", j, l+1)
}

// decode parses data strictly into a file: one JSON object with no unknown
// fields and nothing after it. Its errors give the line and column.
func decode[T constraints.Float](data []byte) (*file[T], error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errors.New("the input is empty")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f file[T]
	if err := dec.Decode(&f); err != nil {
		return nil, jsonError(data, err)
	}
	if rest := bytes.TrimSpace(data[dec.InputOffset():]); len(rest) > 0 {
		at := int64(len(data) - len(rest))
		return nil, fmt.Errorf("%s: unexpected data after the model", position(data, at))
	}
	return &f, nil
}

// jsonError adds to a JSON decoding error the line and column where it
// happened, and the path of the field, when the error says them. The
// position is that of the last byte read: the bad character of a syntax
// error, the end of a value of the wrong type.
func jsonError(data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("%s: unexpected end of input; the file may be truncated",
			position(data, int64(len(data))))
	case errors.As(err, &syn):
		return fmt.Errorf("%s: %w", position(data, syn.Offset-1), err)
	case errors.As(err, &typ):
		return fmt.Errorf("%s: %s: cannot use JSON %s as %s", position(data, typ.Offset-1),
			typ.Field, typ.Value, typ.Type)
	}
	// Unknown fields are reported by name only: find the name's first use
	// as a key.
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		key := regexp.MustCompile(regexp.QuoteMeta(name) + `\s*:`)
		if loc := key.FindIndex(data); loc != nil {
			return fmt.Errorf("%s: unknown field %s", position(data, int64(loc[0])), name)
		}
	}
	return err
}

// position returns "line L, column C" for a byte offset into data, both
// counted from 1, the column in bytes.
func position(data []byte, offset int64) string {
	offset = min(max(offset, 0), int64(len(data)))
	before := data[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := len(before) - bytes.LastIndexByte(before, '\n')
	return fmt.Sprintf("line %d, column %d", line, col)
}

// build checks f completely, then makes its network, so that an error
// leaves nothing half made.
func (f *file[T]) build() (*MLP[T], error) {
	// The header: what the file is and holds.
	switch {
	case f.Format == nil:
		return nil, fmt.Errorf("format: missing, want %q", formatName)
	case *f.Format != formatName:
		return nil, fmt.Errorf("format: %q, want %q", *f.Format, formatName)
	case f.Version == nil:
		return nil, errors.New("version: missing")
	case *f.Version != formatVersion:
		return nil, fmt.Errorf("version: %d, but this package reads version %d",
			*f.Version, formatVersion)
	case f.Type == nil:
		return nil, fmt.Errorf("type: missing, want %q", typeName[T]())
	case *f.Type != typeName[T]():
		return nil, fmt.Errorf("type: the file holds %s parameters, want %s",
			*f.Type, typeName[T]())
	case f.Inputs == nil:
		return nil, errors.New("inputs: missing")
	case *f.Inputs < 1:
		return nil, fmt.Errorf("inputs: %d, want at least 1", *f.Inputs)
	case len(f.Layers) == 0:
		return nil, errors.New("layers: missing or empty")
	}

	// The layers: every shape and name, before anything is built.
	nin := *f.Inputs
	acts := make([][]Activation, len(f.Layers))
	for l, fl := range f.Layers {
		where := fmt.Sprintf("layers[%d]", l)
		if fl.Activation == nil {
			return nil, fmt.Errorf("%s.activation: missing", where)
		}
		act, err := ParseActivation(*fl.Activation)
		if err != nil {
			return nil, fmt.Errorf("%s.activation: unknown activation %q", where, *fl.Activation)
		}
		if len(fl.Neurons) == 0 {
			return nil, fmt.Errorf("%s.neurons: missing or empty", where)
		}
		acts[l] = make([]Activation, len(fl.Neurons))
		for j, fn := range fl.Neurons {
			where := fmt.Sprintf("layers[%d].neurons[%d]", l, j)
			acts[l][j] = act
			if fn.Activation != nil {
				if acts[l][j], err = ParseActivation(*fn.Activation); err != nil {
					return nil, fmt.Errorf("%s.activation: unknown activation %q",
						where, *fn.Activation)
				}
			}
			if len(fn.W) != nin {
				return nil, fmt.Errorf("%s.w: %d weights, want %d, one per %s",
					where, len(fn.W), nin, inputsOf(l))
			}
			for i, w := range fn.W {
				if w == nil {
					return nil, fmt.Errorf("%s.w[%d]: null, want a number", where, i)
				}
			}
			if fn.B == nil {
				return nil, fmt.Errorf("%s.b: missing", where)
			}
		}
		nin = len(fl.Neurons)
	}

	// Everything fits: build the network.
	m := &MLP[T]{Layers: make([]*Layer[T], len(f.Layers))}
	for l, fl := range f.Layers {
		layer := &Layer[T]{Neurons: make([]*Neuron[T], len(fl.Neurons))}
		for j, fn := range fl.Neurons {
			idx := fmt.Sprintf("%d[%d]", l+1, j)
			n := &Neuron[T]{W: make([]*autodiff.Value[T], len(fn.W)), Act: acts[l][j]}
			for i, w := range fn.W {
				n.W[i] = leaf(*w, fmt.Sprintf("w%s[%d]", idx, i))
			}
			n.B = leaf(*fn.B, "b"+idx)
			layer.Neurons[j] = n
		}
		m.Layers[l] = layer
	}
	return m, nil
}

// inputsOf names what feeds layer l, for error messages.
func inputsOf(l int) string {
	if l == 0 {
		return "input of the network"
	}
	return fmt.Sprintf("neuron of layers[%d]", l-1)
}

// writeFileAtomic writes data to a temporary file beside path, flushes it
// to disk and renames it to path. On error it removes the temporary file.
func writeFileAtomic(path string, data []byte) (err error) {
	mode := os.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil {
		mode = fi.Mode().Perm()
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	if err := tmp.Chmod(mode); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// typeName returns "float32" or "float64", the name of T's kind.
func typeName[T constraints.Float]() string {
	return reflect.TypeFor[T]().Kind().String()
}

// sep returns the comma that goes before element i of a JSON list.
func sep(i int) string {
	if i == 0 {
		return ""
	}
	return ","
}

// ptr returns a pointer to a copy of x.
func ptr[E any](x E) *E { return &x }
