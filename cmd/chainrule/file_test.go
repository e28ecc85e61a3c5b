package main

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "out.txt")
	if err := os.WriteFile(name, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	failed := errors.New("disk on fire")
	tests := []struct {
		name    string
		write   func(io.Writer) error
		wantErr error
		want    string // the file's content afterwards
	}{
		{"replaces", func(w io.Writer) error {
			_, err := io.WriteString(w, "new")
			return err
		}, nil, "new"},
		{"keeps the old file on error", func(w io.Writer) error {
			io.WriteString(w, "half")
			return failed
		}, failed, "new"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := writeFile(name, tt.write)
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("error %v, want %v", err, tt.wantErr)
			}
			got, rerr := os.ReadFile(name)
			if rerr != nil || string(got) != tt.want {
				t.Errorf("file holds %q (%v), want %q", got, rerr, tt.want)
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 1 {
				t.Errorf("the directory holds %d files, want 1: a temporary file is left",
					len(entries))
			}
		})
	}
	if fi, err := os.Stat(name); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v (%v), want 0644", fi.Mode().Perm(), err)
	}
}

func TestWriteFileErrors(t *testing.T) {
	file := filepath.Join(t.TempDir(), "plain")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path, reason string
	}{
		{"no such directory", filepath.Join(t.TempDir(), "none", "x.png"),
			"no such file or directory"},
		{"parent is a file", filepath.Join(file, "x.png"), "not a directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := writeFile(tt.path, func(io.Writer) error { return nil })
			if err == nil {
				t.Fatal("no error")
			}
			want := "cannot write " + tt.path + ": " + tt.reason
			if err.Error() != want {
				t.Errorf("error %q, want %q", err, want)
			}
			if strings.Contains(err.Error(), ".tmp") {
				t.Errorf("error %q names the temporary file", err)
			}
		})
	}
}
