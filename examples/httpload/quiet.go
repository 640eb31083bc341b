package main

import (
	"io"
	"log/slog"
)

// quiet is a logger that drops the per-request logs of the load.
func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
