package openlineage

import (
	"time"

	"github.com/colineage/colineage/lineage"
	"github.com/colineage/colineage/sqlparse"
)

// Option configures an Emitter or a Consumer.
type Option func(*config)

type config struct {
	naming       naming
	producer     string
	jobNamespace string
	window       time.Duration
	runTime      time.Time
	batchSize    int
	dialect      sqlparse.Dialect
	maxErrors    int
	seenLimit    int
}

func newConfig(opts []Option) config {
	c := config{producer: defaultProducer, jobNamespace: defaultJobNamespace, window: time.Hour, batchSize: 100, maxErrors: 100, seenLimit: defaultSeenLimit}
	for _, o := range opts {
		o(&c)
	}
	return c
}

// WithNamespace maps an OpenLineage dataset namespace to a platform of the
// library, both ways: an Emitter writes the first namespace given for a
// platform (e.g. "redshift://examplecluster.us-west-2:5439",
// "snowflake://myorg-account1", "postgres://db.internal:5432"), and a
// Consumer reads datasets of that namespace as the platform's, with def
// completing names that lack a database or schema. Namespaces no option
// names are read by their scheme (redshift://, snowflake://, bigquery,
// postgres://, mysql://, hive://, trino://; s3://, gs://, abfss://,
// hdfs://, file:// are external locations); an Emitter writes
// "<platform>://default..." for a platform without one.
func WithNamespace(namespace string, p lineage.Platform, def lineage.Defaults) Option {
	return func(c *config) {
		c.naming.rules = append(c.naming.rules, namespaceRule{namespace: namespace, platform: p, defaults: def})
	}
}

// WithProducer sets the producer URI written in events and facets
// (default: this package's source URL). A Consumer reads the names of
// events from this producer as exact stored names.
func WithProducer(uri string) Option {
	return func(c *config) { c.producer = uri }
}

// WithJobNamespace sets the namespace of the jobs an Emitter writes
// (default "colineage").
func WithJobNamespace(ns string) Option {
	return func(c *config) { c.jobNamespace = ns }
}

// WithWindow sets the time window of a run (default one hour, aligned to
// UTC): every occurrence of one job in one window is one run, with one
// deterministic run id, so emitting the same log again repeats the same
// runs instead of adding new ones.
func WithWindow(d time.Duration) Option {
	return func(c *config) {
		if d > 0 {
			c.window = d
		}
	}
}

// WithRunTime sets the time of statements that carry none (dbt models):
// their run's window and event time (default: the time Add is called).
func WithRunTime(t time.Time) Option {
	return func(c *config) { c.runTime = t }
}

// WithBatchSize sets how many events an Emitter hands its Transport at a
// time (default 100).
func WithBatchSize(n int) Option {
	return func(c *config) {
		if n > 0 {
			c.batchSize = n
		}
	}
}

// WithDialect sets the dialect a Consumer analyses an SQL job facet in when
// the facet names none and the event's namespaces give no platform
// (default ANSI).
func WithDialect(d sqlparse.Dialect) Option {
	return func(c *config) { c.dialect = d }
}

// WithMaxErrors sets how many event errors a Consumer's Summary keeps
// (default 100); all are counted.
func WithMaxErrors(n int) Option {
	return func(c *config) { c.maxErrors = n }
}

// defaultSeenLimit is how many events a Consumer remembers by default: a
// few megabytes of keys.
const defaultSeenLimit = 1 << 16

// WithSeenLimit sets how many applied events a Consumer remembers to
// count duplicates without writing (default 65536; 0 remembers none). A
// duplicate of an event it has forgotten is written again under the same
// key, which the store ignores, so the graph is unchanged either way.
func WithSeenLimit(n int) Option {
	return func(c *config) {
		if n >= 0 {
			c.seenLimit = n
		}
	}
}
