package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// writeFile writes the file name atomically: write fills a temporary file
// in the same directory, which is renamed to name only once complete, so
// name never holds half a file and is left as it was on error.
func writeFile(name string, write func(io.Writer) error) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		return fileError(name, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := write(tmp); err != nil {
		return fileError(name, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		return fileError(name, err)
	}
	if err := tmp.Sync(); err != nil { // so that a crash cannot leave name empty
		return fileError(name, err)
	}
	if err := tmp.Close(); err != nil {
		return fileError(name, err)
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		return fileError(name, err)
	}
	return nil
}

// fileError returns the error of writing the file name, saying which file
// and why. The reason of a file-system error is told without the name of
// the temporary file it happened on, which would only confuse.
func fileError(name string, err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		err = pe.Err
	case errors.As(err, &le):
		err = le.Err
	}
	return fmt.Errorf("cannot write %s: %w", name, err)
}
