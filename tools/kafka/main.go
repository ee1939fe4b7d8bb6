// Command kafka-broker runs franz-go's kfake, a Kafka-protocol broker in one
// process, on 127.0.0.1 for tests and the demo, with a small HTTP control API
// on a second loopback port that moves what KEDA's kafka scaler reads:
// records produced (the partitions' end offsets) and a consumer group's
// committed offsets (its lag).
//
// Usage:
//
//	kafka-broker --dir DIR [--port N] [--control-port N] --topic NAME:PARTITIONS...
//
// On stdout it prints one JSON line once it serves:
//
//	{"event":"ready","bootstrap":"127.0.0.1:PORT","control":"http://127.0.0.1:PORT"}
//
// Logs go to stderr. SIGTERM or SIGINT closes the broker, which flushes its
// data to DIR; starting again with the same DIR and ports gives the same
// topics, records and commits back.
//
// Control API (JSON answers):
//
//	POST /topics?topic=T&partitions=N        creates a topic unless it exists
//	POST /produce?topic=T&count=N            appends N records, spread over the partitions
//	POST /consume?group=G&topic=T&count=N    commits N more records as consumed by G
//	                                         (count=0 commits the start offsets of partitions
//	                                         the group has never committed)
//	GET  /lag?group=G&topic=T                end offsets, committed offsets and lag per partition
//	GET  /healthz
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"

	"github.com/twmb/franz-go/pkg/kfake"
)

type topicFlag []Topic

func (t *topicFlag) String() string { return fmt.Sprint(*t) }

func (t *topicFlag) Set(v string) error {
	name, parts, ok := strings.Cut(v, ":")
	n, err := strconv.Atoi(parts)
	if !ok || name == "" || err != nil || n < 1 {
		return fmt.Errorf("--topic %q: expected NAME:PARTITIONS with PARTITIONS >= 1, e.g. orders:3", v)
	}
	*t = append(*t, Topic{Name: name, Partitions: int32(n)})
	return nil
}

func main() {
	var topics topicFlag
	dir := flag.String("dir", "", "data folder (kfake persists topics, records and commits there)")
	port := flag.Int("port", 0, "Kafka port on 127.0.0.1 (0 picks a free one)")
	controlPort := flag.Int("control-port", 0, "HTTP control port on 127.0.0.1 (0 picks a free one)")
	logLevel := flag.String("log-level", "warn", "kfake log level: none, error, warn, info, debug")
	flag.Var(&topics, "topic", "NAME:PARTITIONS, repeatable; created unless they exist")
	flag.Parse()
	if *dir == "" {
		log.Fatal("--dir is required: a folder for the broker's data, e.g. .data/kafka")
	}
	level, ok := map[string]kfake.LogLevel{
		"none": kfake.LogLevelNone, "error": kfake.LogLevelError, "warn": kfake.LogLevelWarn,
		"info": kfake.LogLevelInfo, "debug": kfake.LogLevelDebug,
	}[*logLevel]
	if !ok {
		log.Fatalf("--log-level %q: use one of none, error, warn, info, debug", *logLevel)
	}

	b, err := Start(Options{
		Dir: *dir, Port: *port, ControlPort: *controlPort, Topics: topics,
		Logger: kfake.BasicLogger(os.Stderr, level),
	})
	if err != nil {
		log.Fatal(err)
	}
	ready, _ := json.Marshal(map[string]string{
		"event": "ready", "bootstrap": b.Bootstrap, "control": b.ControlURL,
	})
	fmt.Println(string(ready))

	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT)
	<-sig
	b.Close()
}
