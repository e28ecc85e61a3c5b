package nn

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"golang.org/x/exp/constraints"
)

// CSVOptions says how [ReadCSV] reads a table.
type CSVOptions struct {
	// Header says that the first record names the columns and holds no data.
	Header bool

	// Comma separates the fields; 0 means ','.
	Comma rune

	// Targets is the number of columns, at the right, that hold the targets;
	// the columns before them hold the inputs.
	Targets int
}

// CSVError is a bad value or record of a CSV table: where it is, counted from
// 1, and what is wrong. Column is the number of the field, or 0 when the
// whole record is wrong.
type CSVError struct {
	Line, Column int
	Err          error
}

// Error says where the problem is and what it is, as in
// "line 3, column 2: "abc" is not a number".
func (e *CSVError) Error() string {
	if e.Column == 0 {
		return fmt.Sprintf("line %d: %v", e.Line, e.Err)
	}
	return fmt.Sprintf("line %d, column %d: %v", e.Line, e.Column, e.Err)
}

// Unwrap returns e.Err.
func (e *CSVError) Unwrap() error { return e.Err }

// ReadCSV reads a table of numbers from r, one example per record, and
// returns each record's inputs, the columns before the last opt.Targets, and
// its targets, the last opt.Targets columns. Blank lines are skipped; spaces
// around a number are allowed.
//
// ReadCSV stops at the first bad record and returns a *CSVError, wrapped with
// "nn: ", that gives its line and column: a value that is not a number, NaN
// or infinite, or out of range for T; a record with a different number of
// fields than the first; a CSV syntax error; or a first record with no
// more columns than targets. A table with no data records is an error too.
//
// ReadCSV panics if opt.Targets < 0.
func ReadCSV[T constraints.Float](r io.Reader, opt CSVOptions) (x, y [][]T, err error) {
	x, y, err = readCSV[T](r, opt)
	if err != nil {
		return nil, nil, fmt.Errorf("nn: read csv: %w", err)
	}
	return x, y, nil
}

// LoadCSV reads the table in the file at path, as [ReadCSV] does; errors
// name the file.
func LoadCSV[T constraints.Float](path string, opt CSVOptions) (x, y [][]T, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("nn: load csv: %w", err)
	}
	defer f.Close()
	x, y, err = readCSV[T](f, opt)
	if err != nil {
		return nil, nil, fmt.Errorf("nn: load csv %s: %w", path, err)
	}
	return x, y, nil
}

func readCSV[T constraints.Float](r io.Reader, opt CSVOptions) (x, y [][]T, err error) {
	if opt.Targets < 0 {
		panic(fmt.Sprintf("nn: ReadCSV with %d targets", opt.Targets))
	}
	cr := csv.NewReader(r)
	if opt.Comma != 0 {
		cr.Comma = opt.Comma
	}
	cr.FieldsPerRecord = -1 // checked here, to say more than csv would
	cr.ReuseRecord = true
	bits := 64
	if typeName[T]() == "float32" {
		bits = 32
	}
	width := -1
	for first := true; ; first = false {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, nil, &CSVError{Line: pe.Line,
				Err: fmt.Errorf("character %d: %w", pe.Column, pe.Err)}
		} else if err != nil {
			return nil, nil, err
		}
		line, _ := cr.FieldPos(0)
		if first && opt.Header {
			continue
		}

		// The first data record fixes the width; every other must match.
		switch {
		case width < 0 && len(rec) <= opt.Targets:
			return nil, nil, &CSVError{Line: line, Err: fmt.Errorf(
				"%d columns leave no inputs beside %d targets", len(rec), opt.Targets)}
		case width < 0:
			width = len(rec)
		case len(rec) != width:
			return nil, nil, &CSVError{Line: line,
				Err: fmt.Errorf("%d columns, want %d as in the first record", len(rec), width)}
		}

		row := make([]T, width)
		for i, s := range rec {
			v, err := parseNumber(strings.TrimSpace(s), bits)
			if err != nil {
				l, _ := cr.FieldPos(i)
				return nil, nil, &CSVError{Line: l, Column: i + 1, Err: err}
			}
			row[i] = T(v)
		}
		cut := width - opt.Targets
		x = append(x, row[:cut:cut])
		y = append(y, row[cut:])
	}
	if width < 0 {
		return nil, nil, errors.New("no data records")
	}
	return x, y, nil
}

// parseNumber parses s as a finite number of the given bit size, in any
// form strconv.ParseFloat reads.
func parseNumber(s string, bits int) (float64, error) {
	if s == "" {
		return 0, errors.New("empty value, want a number")
	}
	v, err := strconv.ParseFloat(s, bits)
	switch {
	case errors.Is(err, strconv.ErrRange):
		return 0, fmt.Errorf("%q is out of range for float%d", s, bits)
	case err != nil:
		return 0, fmt.Errorf("%q is not a number", s)
	case math.IsNaN(v) || math.IsInf(v, 0):
		return 0, fmt.Errorf("%q is not a finite number", s)
	}
	return v, nil
}
