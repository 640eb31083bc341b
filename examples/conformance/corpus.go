package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Case is one corpus case (see the corpus's FORMAT.md).
type Case struct {
	ID              string                       `json:"id"`
	Origin          Origin                       `json:"origin"`
	Dialect         string                       `json:"dialect"`
	SQL             string                       `json:"sql"`
	DefaultDatabase *string                      `json:"default_database"`
	DefaultSchema   *string                      `json:"default_schema"`
	Schema          map[string]map[string]string `json:"schema"`
	Expected        Expected                     `json:"expected"`
	Notes           string                       `json:"notes"`

	// File is the corpus file the case came from, relative to the corpus root.
	File string `json:"-"`
	// Line is the case's line in File.
	Line int `json:"-"`
}

// Origin says where a case comes from.
type Origin struct {
	Repo    string `json:"repo"`
	Path    string `json:"path"`
	License string `json:"license"`
}

// Expected is the lineage a case asserts; nil fields are not asserted.
type Expected struct {
	TargetTable   Tables         `json:"target_table"`
	SourceTables  []string       `json:"source_tables"`
	ColumnLineage []ColumnSource `json:"column_lineage"`
}

// ColumnSource is one target column and the base columns it derives from.
type ColumnSource struct {
	Target  string   `json:"target"`
	Sources []string `json:"sources"`
}

// Tables is a table name or a list of them (a script may write several);
// nil when not asserted.
type Tables []string

// UnmarshalJSON accepts null, a string, or an array of strings.
func (t *Tables) UnmarshalJSON(b []byte) error {
	var one *string
	if err := json.Unmarshal(b, &one); err == nil {
		if one != nil {
			*t = Tables{*one}
		}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return err
	}
	*t = many
	return nil
}

// loadCorpus reads every *.jsonl under dir, in path order.
func loadCorpus(dir string) ([]Case, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".jsonl") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var cases []Case
	for _, f := range files {
		cs, err := loadFile(dir, f)
		if err != nil {
			return nil, err
		}
		cases = append(cases, cs...)
	}
	return cases, nil
}

func loadFile(root, path string) ([]Case, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rel, err := filepath.Rel(root, path)
	if err != nil {
		rel = path
	}
	var cases []Case
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	line := 0
	for sc.Scan() {
		line++
		b := sc.Bytes()
		if len(strings.TrimSpace(string(b))) == 0 {
			continue
		}
		var c Case
		if err := json.Unmarshal(b, &c); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", rel, line, err)
		}
		c.File = filepath.ToSlash(rel)
		c.Line = line
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", rel, err)
	}
	return cases, nil
}
