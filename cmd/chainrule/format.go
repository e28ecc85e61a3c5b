package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// num formats x rounded to 8 decimals, without trailing zeros, so that the
// hand-checkable numbers of the example read as a textbook writes them
// (1.815, not 1.81500000) and the same run prints the same bytes everywhere.
func num(x float64) string {
	s := strconv.FormatFloat(x, 'f', 8, 64)
	s = strings.TrimRight(s, "0")
	s = strings.TrimSuffix(s, ".")
	if s == "-0" {
		return "0"
	}
	return s
}

// factor formats x as num does, in parentheses if it is negative, so that it
// can stand in a product: (-0.4)(4).
func factor(x float64) string {
	s := num(x)
	if strings.HasPrefix(s, "-") {
		return "(" + s + ")"
	}
	return s
}

// sci formats x with 4 significant digits in scientific notation, for
// numbers that span many orders of magnitude, as a falling loss does.
func sci(x float64) string {
	return strconv.FormatFloat(x, 'e', 3, 64)
}

// pad returns s followed by spaces to a width of n characters, counting
// runes, since the text holds symbols such as ∂ and ².
func pad(s string, n int) string {
	return s + strings.Repeat(" ", max(n-utf8.RuneCountInString(s), 0))
}

// padLeft returns s preceded by spaces to a width of n characters.
func padLeft(s string, n int) string {
	return strings.Repeat(" ", max(n-utf8.RuneCountInString(s), 0)) + s
}

// width returns the number of characters of the widest string of ss.
func width(ss ...string) int {
	n := 0
	for _, s := range ss {
		n = max(n, utf8.RuneCountInString(s))
	}
	return n
}

// matrix returns the lines that show m, one bracketed row per line, its
// columns right-aligned.
func matrix(m [][]float64) []string {
	cols := 0
	for _, row := range m {
		cols = max(cols, len(row))
	}
	widths := make([]int, cols)
	cells := make([][]string, len(m))
	for r, row := range m {
		cells[r] = make([]string, len(row))
		for c, x := range row {
			cells[r][c] = num(x)
			widths[c] = max(widths[c], len(cells[r][c]))
		}
	}
	lines := make([]string, len(m))
	for r, row := range cells {
		var b strings.Builder
		b.WriteString("[")
		for c, s := range row {
			sep := "  "
			if c == 0 {
				sep = " "
			}
			b.WriteString(sep + padLeft(s, widths[c]))
		}
		b.WriteString(" ]")
		lines[r] = b.String()
	}
	return lines
}

// row returns the lines that show the vector v as a one-row matrix.
func row(v []float64) []string { return matrix([][]float64{v}) }

// sideBySide writes the blocks of lines next to each other, each headed by
// its title, two spaces apart, every line indented by indent.
func sideBySide(w io.Writer, indent string, titles []string, blocks ...[]string) {
	widths := make([]int, len(blocks))
	height := 0
	for i, b := range blocks {
		widths[i] = max(width(titles[i]), 2+width(b...))
		height = max(height, len(b))
	}
	line := func(cell func(i int) string) {
		var b strings.Builder
		for i := range blocks {
			s := cell(i)
			if i < len(blocks)-1 {
				s = pad(s, widths[i]+3)
			}
			b.WriteString(s)
		}
		fmt.Fprintln(w, strings.TrimRight(indent+b.String(), " "))
	}
	line(func(i int) string { return titles[i] })
	for r := range height {
		line(func(i int) string {
			if r < len(blocks[i]) {
				return "  " + blocks[i][r]
			}
			return ""
		})
	}
}

// heading writes the numbered title of a section of the example, underlined.
func heading(w io.Writer, n int, title string) {
	t := fmt.Sprintf("%d. %s", n, title)
	fmt.Fprintf(w, "%s\n%s\n\n", t, strings.Repeat("=", utf8.RuneCountInString(t)))
}
