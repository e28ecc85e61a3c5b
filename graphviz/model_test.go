package graphviz_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// This file holds what the tests know about Graphviz: a model of how it reads
// the DOT that Write produces, used whether or not dot is installed, and
// helpers that run the real dot and read the SVG it writes.

// lookDot returns the path of dot, or "" if it is missing and the tests may
// go on without it. Under CI a missing dot fails the test.
func lookDot(t testing.TB) string {
	t.Helper()
	path, err := exec.LookPath("dot")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("dot is required when CI is set: %v", err)
		}
		return ""
	}
	return path
}

// requireDot returns the path of dot, skipping the test if it is missing and
// CI is unset.
func requireDot(t testing.TB) string {
	t.Helper()
	path := lookDot(t)
	if path == "" {
		t.Skip("dot is not installed (apt-get install graphviz); CI is unset")
	}
	return path
}

// runDot has dot turn src into SVG and fails the test if dot exits with an
// error or says anything on stderr, where it reports syntax errors and
// warnings alike.
func runDot(t testing.TB, path string, src []byte) []byte {
	t.Helper()
	var out, diag bytes.Buffer
	cmd := exec.Command(path, "-Tsvg")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = bytes.NewReader(src), &out, &diag
	if err := cmd.Run(); err != nil {
		t.Fatalf("dot rejected the DOT: %v: %s\nDOT:\n%s", err, diag.String(), src)
	}
	if diag.Len() > 0 {
		t.Errorf("dot warned: %s\nDOT:\n%s", diag.String(), src)
	}
	return out.Bytes()
}

// drawing is what an SVG from dot shows: the lines of text of each node and of
// the graph itself, and the edges, named as dot names them ("v1->o0").
type drawing struct {
	nodes map[string][]string
	graph []string
	edges []string
}

// parseSVG reads the text that dot's SVG shows. Dot writes each line of a
// label as one <text> element inside a <g> whose class is node, edge or graph
// and whose <title> names it. It writes the second of two spaces as a
// no-break space, so that viewers keep both; parseSVG turns those back into
// spaces, and the tests compare labels with the same change.
func parseSVG(t testing.TB, svg []byte) drawing {
	t.Helper()
	d := drawing{nodes: map[string][]string{}}
	dec := xml.NewDecoder(bytes.NewReader(svg))
	var classes []string // of the enclosing <g> elements
	var inTitle, inText bool
	var title, text strings.Builder
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return d
		}
		if err != nil {
			t.Fatalf("reading the SVG: %v\n%s", err, svg)
		}
		class := "" // of the innermost <g>
		if len(classes) > 0 {
			class = classes[len(classes)-1]
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			switch tok.Name.Local {
			case "g":
				class = ""
				for _, a := range tok.Attr {
					if a.Name.Local == "class" {
						class = a.Value
					}
				}
				classes = append(classes, class)
				title.Reset()
			case "title":
				inTitle = true
			case "text":
				inText = true
				text.Reset()
			}
		case xml.EndElement:
			switch tok.Name.Local {
			case "g":
				classes = classes[:len(classes)-1]
			case "title":
				inTitle = false
				if class == "edge" {
					d.edges = append(d.edges, title.String())
				}
			case "text":
				inText = false
				line := nbspToSpace(text.String())
				switch class {
				case "node":
					d.nodes[title.String()] = append(d.nodes[title.String()], line)
				case "graph":
					d.graph = append(d.graph, line)
				}
			}
		case xml.CharData:
			switch {
			case inTitle:
				title.Write(tok)
			case inText:
				text.Write(tok)
			}
		}
	}
}

// nbspToSpace replaces each no-break space with a space.
func nbspToSpace(s string) string { return strings.ReplaceAll(s, "\u00a0", " ") }

// shownLines returns the lines dot draws for a label that reads text: one
// <text> per line, none for an empty line.
func shownLines(text string) []string {
	var lines []string
	for _, l := range strings.Split(text, "\n") {
		if l != "" {
			lines = append(lines, nbspToSpace(l))
		}
	}
	return lines
}

// visible returns the text a label shows, as the package documents it: the
// label itself, with stand-ins for characters that have no glyph.
func visible(label string) string {
	var b strings.Builder
	for _, r := range label { // a byte that is not UTF-8 comes as U+FFFD
		switch {
		case r == '\n':
		case r < 0x20:
			r += 0x2400 // Control Pictures: ␀ for NUL, ␉ for a tab
		case r == 0x7f:
			r = '␡'
		case r >= 0x80 && r <= 0x9f, r == 0xfffe, r == 0xffff:
			r = '\ufffd'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// stmt is one statement of a DOT file as Write lays it out, one per line:
// a node with its attributes, an edge, or the graph's attributes.
type stmt struct {
	name  string // "v0", "o0", "v1 -> o0", or "graph", "node", "edge"
	attrs map[string]string
}

// stmtHead matches the start of each statement Write writes.
var stmtHead = regexp.MustCompile(`^\t(\w+(?: -> \w+)?)(?: \[|$)`)

// parseDOT reads the statements of DOT written by Write, decoding quoted
// attribute values as Graphviz does for labels (see decodeLabel).
func parseDOT(t testing.TB, dot []byte) []stmt {
	t.Helper()
	lines := strings.Split(string(dot), "\n")
	if len(lines) < 3 || !strings.HasPrefix(lines[0], "digraph ") ||
		lines[len(lines)-2] != "}" || lines[len(lines)-1] != "" {
		t.Fatalf("DOT is not one digraph ending in a newline:\n%s", dot)
	}
	var stmts []stmt
	for _, line := range lines[1 : len(lines)-2] {
		m := stmtHead.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("unexpected DOT line %q", line)
		}
		s := stmt{name: m[1], attrs: map[string]string{}}
		rest := line[len(m[0]):]
		for rest != "" && rest != "]" {
			key, after, ok := strings.Cut(rest, "=")
			if !ok {
				t.Fatalf("no = in attributes %q of line %q", rest, line)
			}
			var val string
			val, rest = attrValue(t, after)
			s.attrs[key] = val
			rest = strings.TrimPrefix(rest, ", ")
		}
		stmts = append(stmts, s)
	}
	return stmts
}

// attrValue reads one attribute value at the start of s, quoted or not, and
// returns it, decoded, with the rest of s.
func attrValue(t testing.TB, s string) (string, string) {
	t.Helper()
	if !strings.HasPrefix(s, `"`) {
		end := strings.IndexAny(s, ",]")
		if end < 0 {
			t.Fatalf("unterminated attribute value %q", s)
		}
		return s[:end], s[end:]
	}

	// Graphviz's lexer takes \" as a quote and \\ as both characters, and
	// ends the string at any other quote.
	var raw strings.Builder
	i := 1
	for ; i < len(s) && s[i] != '"'; i++ {
		if s[i] == '\\' && i+1 < len(s) && (s[i+1] == '"' || s[i+1] == '\\') {
			if s[i+1] == '\\' {
				raw.WriteByte('\\')
			}
			i++
		}
		raw.WriteByte(s[i])
	}
	if i == len(s) {
		t.Fatalf("unterminated quoted string %q", s)
	}
	return decodeLabel(t, raw.String()), s[i+1:]
}

// entity matches what Graphviz decodes as an HTML entity in a label.
var entity = regexp.MustCompile(`^&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);`)

// decodeLabel turns a label, as the lexer left it, into the text Graphviz
// shows, in Graphviz's three passes. First \N, \G, \E, \H, \T and \L would
// be replaced by names, which the test reports; a backslash and the character
// after it are read as a pair, so \\N is not one of them. Then HTML entities
// are decoded: &amp; becomes &, and any other entity is reported. Last, \n,
// \l and \r break the line and a backslash before any other character is
// dropped, so \\ is a backslash.
func decodeLabel(t testing.TB, raw string) string {
	t.Helper()
	for i := 0; i+1 < len(raw); i++ {
		if raw[i] != '\\' {
			continue
		}
		i++
		if strings.IndexByte("NGEHTL", raw[i]) >= 0 {
			t.Errorf("label %q holds \\%c, which Graphviz replaces", raw, raw[i])
		}
	}

	var ent strings.Builder
	for i := 0; i < len(raw); i++ {
		switch m := entity.FindString(raw[i:]); {
		case m == "&amp;":
			ent.WriteByte('&')
			i += len(m) - 1
		case m != "":
			t.Errorf("label %q holds the entity %s, which Graphviz decodes", raw, m)
			ent.WriteByte(raw[i])
		default:
			ent.WriteByte(raw[i])
		}
	}

	s := ent.String()
	var out strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			out.WriteByte(s[i])
			continue
		}
		i++
		if c := s[i]; c == 'n' || c == 'l' || c == 'r' {
			out.WriteByte('\n')
		} else {
			out.WriteByte(c)
		}
	}
	return out.String()
}

// nodeLabels returns the decoded label of each node statement, by name.
func nodeLabels(stmts []stmt) map[string]string {
	labels := map[string]string{}
	for _, s := range stmts {
		if l, ok := s.attrs["label"]; ok && !strings.Contains(s.name, " ") {
			labels[s.name] = l
		}
	}
	return labels
}
