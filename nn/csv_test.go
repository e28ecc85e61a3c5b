package nn_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/chainrule/chainrule/nn"
)

func TestReadCSV(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		opt   nn.CSVOptions
		wantX [][]float64
		wantY [][]float64
	}{
		{"one target", "1,2,3\n4,5,6\n", nn.CSVOptions{Targets: 1},
			[][]float64{{1, 2}, {4, 5}}, [][]float64{{3}, {6}}},
		{"two targets", "1,2,3\n4,5,6\n", nn.CSVOptions{Targets: 2},
			[][]float64{{1}, {4}}, [][]float64{{2, 3}, {5, 6}}},
		{"no targets", "1,2\n", nn.CSVOptions{},
			[][]float64{{1, 2}}, [][]float64{{}}},
		{"header", "x,y,label\n0.5,-1e-3,1\n", nn.CSVOptions{Header: true, Targets: 1},
			[][]float64{{0.5, -1e-3}}, [][]float64{{1}}},
		{"spaces and blank lines", " 1 ,\t2\n\n3, 4 \n", nn.CSVOptions{Targets: 1},
			[][]float64{{1}, {3}}, [][]float64{{2}, {4}}},
		{"semicolons", "1;2\r\n3;4\r\n", nn.CSVOptions{Comma: ';', Targets: 1},
			[][]float64{{1}, {3}}, [][]float64{{2}, {4}}},
		{"quoted", "\"1.5\",2\n", nn.CSVOptions{Targets: 1},
			[][]float64{{1.5}}, [][]float64{{2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, y, err := nn.ReadCSV[float64](strings.NewReader(tt.in), tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.wantX, x); diff != "" {
				t.Errorf("inputs (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantY, y); diff != "" {
				t.Errorf("targets (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadCSVFloat32(t *testing.T) {
	x, y, err := nn.ReadCSV[float32](strings.NewReader("0.1,1e-50\n"), nn.CSVOptions{Targets: 1})
	if err != nil {
		t.Fatal(err)
	}
	// 0.1 is rounded once, to float32, not through float64; 1e-50
	// underflows to 0, as close as float32 gets.
	if x[0][0] != float32(0.1) || y[0][0] != 0 {
		t.Errorf("got %v, %v; want 0.1, 0", x[0][0], y[0][0])
	}
}

func TestReadCSVErrors(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		opt       nn.CSVOptions
		line, col int
		want      string
		float32   bool
	}{
		{"word", "1,2\n3,abc\n", nn.CSVOptions{Targets: 1}, 2, 2, `"abc" is not a number`, false},
		{"empty field", "1,2\n,2\n", nn.CSVOptions{Targets: 1}, 2, 1, "empty value", false},
		{"NaN", "1,2\n3,NaN\n", nn.CSVOptions{Targets: 1}, 2, 2, `"NaN" is not a finite`, false},
		{"Inf", "-Inf,2\n", nn.CSVOptions{Targets: 1}, 1, 1, `"-Inf" is not a finite`, false},
		{"too big", "1e400,2\n", nn.CSVOptions{Targets: 1}, 1, 1, "out of range for float64",
			false},
		{"too big for float32", "1,1e39\n", nn.CSVOptions{Targets: 1}, 1, 2,
			"out of range for float32", true},
		{"short record", "1,2,3\n4,5\n", nn.CSVOptions{Targets: 1}, 2, 0,
			"2 columns, want 3", false},
		{"long record", "1,2\n\n4,5,6\n", nn.CSVOptions{Targets: 1}, 3, 0,
			"3 columns, want 2", false},
		{"no inputs", "1\n", nn.CSVOptions{Targets: 1}, 1, 0,
			"1 columns leave no inputs beside 1 targets", false},
		{"bare quote", "1,2\n3,4\"5\n", nn.CSVOptions{Targets: 1}, 2, 0,
			"character 4: bare \"", false},
		{"after header", "a,b\n1,x\n", nn.CSVOptions{Header: true, Targets: 1}, 2, 2,
			`"x" is not a number`, false},
		{"header only", "a,b\n", nn.CSVOptions{Header: true, Targets: 1}, 0, 0,
			"no data records", false},
		{"empty", "", nn.CSVOptions{Targets: 1}, 0, 0, "no data records", false},
		{"multi-line field", "1,\"2\n\"\n3,\"x\ny\"\n", nn.CSVOptions{Targets: 1}, 3, 2,
			`"x\ny" is not a number`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if tt.float32 {
				_, _, err = nn.ReadCSV[float32](strings.NewReader(tt.in), tt.opt)
			} else {
				_, _, err = nn.ReadCSV[float64](strings.NewReader(tt.in), tt.opt)
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			}
			if !strings.HasPrefix(err.Error(), "nn: read csv: ") {
				t.Errorf("error %q does not start with \"nn: read csv: \"", err)
			}
			var ce *nn.CSVError
			if tt.line == 0 {
				if errors.As(err, &ce) {
					t.Errorf("got a CSVError at line %d, want none", ce.Line)
				}
				return
			}
			if !errors.As(err, &ce) {
				t.Fatalf("error %v is not a *CSVError", err)
			}
			if ce.Line != tt.line || ce.Column != tt.col {
				t.Errorf("at line %d, column %d; want line %d, column %d",
					ce.Line, ce.Column, tt.line, tt.col)
			}
		})
	}
}

func TestLoadCSV(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.csv")
	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(good, []byte("x1,x2,y\n0,1,1\n1,1,0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte("0,1,1\n1,?,0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	x, y, err := nn.LoadCSV[float32](good, nn.CSVOptions{Header: true, Targets: 1})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([][]float32{{0, 1}, {1, 1}}, x); diff != "" {
		t.Errorf("inputs (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([][]float32{{1}, {0}}, y); diff != "" {
		t.Errorf("targets (-want +got):\n%s", diff)
	}
	_, _, err = nn.LoadCSV[float64](bad, nn.CSVOptions{Targets: 1})
	want := "nn: load csv " + bad + `: line 2, column 2: "?" is not a number`
	if err == nil || err.Error() != want {
		t.Errorf("error %v\nwant %s", err, want)
	}
	if _, _, err := nn.LoadCSV[float64](filepath.Join(dir, "none.csv"),
		nn.CSVOptions{}); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v, want an error wrapping os.ErrNotExist", err)
	}
	mustPanic(t, "-1 targets", func() {
		nn.ReadCSV[float64](strings.NewReader("1\n"), nn.CSVOptions{Targets: -1})
	})
}
