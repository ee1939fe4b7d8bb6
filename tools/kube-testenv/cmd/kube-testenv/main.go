// Command kube-testenv runs an embedded etcd and a real kube-apiserver in one
// process, for tests. It listens on 127.0.0.1 only.
//
//	kube-testenv --dir DIR [--port N] [--token-file FILE | --token T]
//	             [--kubeconfig FILE] [--crd-dir DIR]... [-- extra kube-apiserver flags]
//
// When the API server answers /readyz with 200 (and every CRD given with
// --crd-dir is Established), it writes the kubeconfig and prints one JSON line
// to stdout:
//
//	{"event":"ready","server":"https://127.0.0.1:PORT","kubeconfig":"DIR/kubeconfig","token":"..."}
//
// Logs go to stderr. SIGTERM or SIGINT stops the API server, then etcd.
package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // CronJob time zones, as in the upstream binary

	"go.etcd.io/etcd/server/v3/embed"
	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/logs/json/register"
	_ "k8s.io/component-base/metrics/prometheus/clientgo"
	_ "k8s.io/component-base/metrics/prometheus/version"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
	"sigs.k8s.io/yaml"
)

type options struct {
	dir            string
	port           int
	tokenFile      string
	token          string
	kubeconfig     string
	crdDirs        []string
	readyTimeout   time.Duration
	etcdLogLevel   string
	insecureConfig bool
	extraArgs      []string
}

func main() {
	os.Exit(run())
}

func run() int {
	o, err := parseFlags(os.Args[1:])
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintln(os.Stderr, "kube-testenv:", err)
		return 2
	}
	if err := prepare(o); err != nil {
		fmt.Fprintln(os.Stderr, "kube-testenv:", err)
		return 1
	}

	etcd, etcdURL, err := startEtcd(o)
	if err != nil {
		fmt.Fprintln(os.Stderr, "kube-testenv: etcd:", err)
		return 1
	}
	defer etcd.Close()

	if o.port == 0 {
		if o.port, err = freePort(); err != nil {
			fmt.Fprintln(os.Stderr, "kube-testenv:", err)
			return 1
		}
	}
	server := "https://127.0.0.1:" + strconv.Itoa(o.port)

	args := apiserverArgs(o, etcdURL)
	fmt.Fprintf(os.Stderr, "kube-testenv: etcd at %s, kube-apiserver at %s\n", etcdURL, server)

	// The API server owns the signal handling (SIGTERM/SIGINT cancel its
	// context); when it returns, etcd is closed by the deferred Close.
	cmd := app.NewAPIServerCommand()
	cmd.SetArgs(args)

	go func() {
		if err := waitReady(o, server); err != nil {
			fmt.Fprintln(os.Stderr, "kube-testenv:", err)
			etcd.Close()
			os.Exit(1)
		}
		line, _ := json.Marshal(map[string]string{
			"event":      "ready",
			"server":     server,
			"kubeconfig": o.kubeconfig,
			"token":      o.token,
		})
		fmt.Println(string(line))
	}()

	go func() {
		if err, ok := <-etcd.Err(); ok && err != nil {
			fmt.Fprintln(os.Stderr, "kube-testenv: etcd failed:", err)
			os.Exit(1)
		}
	}()

	return cli.Run(cmd)
}

func parseFlags(argv []string) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("kube-testenv", flag.ContinueOnError)
	fs.StringVar(&o.dir, "dir", "", "data folder (etcd data, certificates, keys, kubeconfig); created if missing (required)")
	fs.IntVar(&o.port, "port", 0, "secure port of kube-apiserver on 127.0.0.1; 0 picks a free one")
	fs.StringVar(&o.tokenFile, "token-file", "", "static token CSV (token,user,uid,\"group,...\"); its first token goes into the kubeconfig. Default: DIR/tokens.csv with an admin in system:masters")
	fs.StringVar(&o.token, "token", "", "admin token to write into the generated token file (default: random)")
	fs.StringVar(&o.kubeconfig, "kubeconfig", "", "where to write the kubeconfig once ready (default DIR/kubeconfig)")
	fs.Func("crd-dir", "folder of CRD *.yaml files to apply (server-side apply) before reporting ready; repeatable", func(s string) error {
		o.crdDirs = append(o.crdDirs, s)
		return nil
	})
	fs.DurationVar(&o.readyTimeout, "ready-timeout", 3*time.Minute, "give up if not ready within this time")
	fs.StringVar(&o.etcdLogLevel, "etcd-log-level", "warn", "embedded etcd log level (debug, info, warn, error)")
	fs.BoolVar(&o.insecureConfig, "insecure-kubeconfig", false, "write insecure-skip-tls-verify instead of the self-signed CA into the kubeconfig")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: kube-testenv --dir DIR [flags] [-- extra kube-apiserver flags]\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(argv); err != nil {
		return nil, err
	}
	o.extraArgs = fs.Args()
	if o.dir == "" {
		return nil, errors.New("--dir is required")
	}
	if o.token != "" && o.tokenFile != "" {
		return nil, errors.New("--token and --token-file are exclusive")
	}
	abs, err := filepath.Abs(o.dir)
	if err != nil {
		return nil, err
	}
	o.dir = abs
	if o.kubeconfig == "" {
		o.kubeconfig = filepath.Join(o.dir, "kubeconfig")
	}
	return o, nil
}

// prepare creates the data folder, the service-account key and the token file.
func prepare(o *options) error {
	if err := os.MkdirAll(filepath.Join(o.dir, "pki"), 0o700); err != nil {
		return err
	}
	if err := ensureSAKey(filepath.Join(o.dir, "sa.key")); err != nil {
		return err
	}
	if o.tokenFile == "" {
		o.tokenFile = filepath.Join(o.dir, "tokens.csv")
		if o.token == "" {
			if tok, err := firstToken(o.tokenFile); err == nil {
				o.token = tok // keep the token of an earlier run on the same folder
			} else {
				b := make([]byte, 24)
				if _, err := rand.Read(b); err != nil {
					return err
				}
				o.token = hex.EncodeToString(b)
			}
		}
		content := fmt.Sprintf("%s,admin,admin,\"system:masters\"\n", o.token)
		if err := os.WriteFile(o.tokenFile, []byte(content), 0o600); err != nil {
			return err
		}
		return nil
	}
	tok, err := firstToken(o.tokenFile)
	if err != nil {
		return fmt.Errorf("--token-file %s: %w", o.tokenFile, err)
	}
	o.token = tok
	return nil
}

func ensureSAKey(path string) error {
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	der, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return err
	}
	return os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: der}), 0o600)
}

func firstToken(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReader(f))
	r.FieldsPerRecord = -1
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return "", errors.New("no token in file")
		}
		if err != nil {
			return "", err
		}
		if len(rec) >= 2 && strings.TrimSpace(rec[0]) != "" {
			return strings.TrimSpace(rec[0]), nil
		}
	}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func startEtcd(o *options) (*embed.Etcd, string, error) {
	clientPort, err := freePort()
	if err != nil {
		return nil, "", err
	}
	peerPort, err := freePort()
	if err != nil {
		return nil, "", err
	}
	cu, _ := url.Parse("http://127.0.0.1:" + strconv.Itoa(clientPort))
	pu, _ := url.Parse("http://127.0.0.1:" + strconv.Itoa(peerPort))

	cfg := embed.NewConfig()
	cfg.Name = "kube-testenv"
	cfg.Dir = filepath.Join(o.dir, "etcd")
	cfg.ListenClientUrls = []url.URL{*cu}
	cfg.AdvertiseClientUrls = []url.URL{*cu}
	cfg.ListenPeerUrls = []url.URL{*pu}
	cfg.AdvertisePeerUrls = []url.URL{*pu}
	cfg.InitialCluster = cfg.InitialClusterFromName(cfg.Name)
	cfg.UnsafeNoFsync = true // test data only
	cfg.LogLevel = o.etcdLogLevel

	e, err := embed.StartEtcd(cfg)
	if err != nil {
		return nil, "", err
	}
	select {
	case <-e.Server.ReadyNotify():
	case err := <-e.Err():
		e.Close()
		return nil, "", err
	case <-time.After(time.Minute):
		e.Server.Stop()
		e.Close()
		return nil, "", errors.New("not ready after 1m")
	}
	return e, cu.String(), nil
}

func apiserverArgs(o *options, etcdURL string) []string {
	sa := filepath.Join(o.dir, "sa.key")
	args := []string{
		"--etcd-servers=" + etcdURL,
		"--bind-address=127.0.0.1",
		"--advertise-address=127.0.0.1",
		"--secure-port=" + strconv.Itoa(o.port),
		"--cert-dir=" + filepath.Join(o.dir, "pki"),
		"--service-cluster-ip-range=10.0.0.0/24",
		"--service-account-issuer=https://kubernetes.default.svc",
		"--service-account-key-file=" + sa,
		"--service-account-signing-key-file=" + sa,
		"--token-auth-file=" + o.tokenFile,
		"--authorization-mode=RBAC",
		"--disable-admission-plugins=ServiceAccount",
		"--endpoint-reconciler-type=none",
		"--allow-privileged=true",
	}
	return append(args, o.extraArgs...)
}

// waitReady polls /readyz, applies the CRDs, waits until they are
// Established and served, then writes the kubeconfig.
func waitReady(o *options, server string) error {
	ctx, cancel := context.WithTimeout(context.Background(), o.readyTimeout)
	defer cancel()
	c := &client{server: server, token: o.token, http: &http.Client{
		Timeout:   10 * time.Second,
		Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}},
	}}

	if err := poll(ctx, "kube-apiserver /readyz", func() (bool, error) {
		code, _, err := c.do(ctx, http.MethodGet, "/readyz", "", nil)
		return err == nil && code == http.StatusOK, nil
	}); err != nil {
		return err
	}

	for _, d := range o.crdDirs {
		if err := applyCRDs(ctx, c, d); err != nil {
			return err
		}
	}
	return writeKubeconfig(o, server)
}

type client struct {
	server, token string
	http          *http.Client
}

func (c *client) do(ctx context.Context, method, path, contentType string, body []byte) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.server+path, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Accept", "application/json")
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

func poll(ctx context.Context, what string, f func() (bool, error)) error {
	for {
		ok, err := f()
		if err != nil {
			return err
		}
		if ok {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("timed out waiting for %s", what)
		case <-time.After(200 * time.Millisecond):
		}
	}
}

type crd struct {
	Metadata struct {
		Name string `json:"name"`
	} `json:"metadata"`
	Spec struct {
		Group string `json:"group"`
		Names struct {
			Plural string `json:"plural"`
		} `json:"names"`
		Versions []struct {
			Name   string `json:"name"`
			Served bool   `json:"served"`
		} `json:"versions"`
	} `json:"spec"`
	Status struct {
		Conditions []struct {
			Type   string `json:"type"`
			Status string `json:"status"`
		} `json:"conditions"`
	} `json:"status"`
}

func applyCRDs(ctx context.Context, c *client, dir string) error {
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		return err
	}
	yml, _ := filepath.Glob(filepath.Join(dir, "*.yml"))
	files = append(files, yml...)
	sort.Strings(files)
	if len(files) == 0 {
		return fmt.Errorf("--crd-dir %s: no *.yaml files", dir)
	}
	var applied []crd
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		for _, doc := range splitYAML(raw) {
			js, err := yaml.YAMLToJSON(doc)
			if err != nil {
				return fmt.Errorf("%s: %w", f, err)
			}
			var head struct {
				Kind string `json:"kind"`
			}
			var obj crd
			if err := json.Unmarshal(js, &head); err != nil || head.Kind != "CustomResourceDefinition" {
				continue
			}
			if err := json.Unmarshal(js, &obj); err != nil {
				return fmt.Errorf("%s: %w", f, err)
			}
			path := "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/" + obj.Metadata.Name + "?fieldManager=kube-testenv&force=true"
			code, body, err := c.do(ctx, http.MethodPatch, path, "application/apply-patch+yaml", js)
			if err != nil {
				return fmt.Errorf("apply %s: %w", obj.Metadata.Name, err)
			}
			if code/100 != 2 {
				return fmt.Errorf("apply %s: HTTP %d: %s", obj.Metadata.Name, code, body)
			}
			applied = append(applied, obj)
		}
	}
	for _, obj := range applied {
		name := obj.Metadata.Name
		if err := poll(ctx, "CRD "+name+" Established", func() (bool, error) {
			code, body, err := c.do(ctx, http.MethodGet, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/"+name, "", nil)
			if err != nil || code != http.StatusOK {
				return false, nil
			}
			var cur crd
			if err := json.Unmarshal(body, &cur); err != nil {
				return false, err
			}
			for _, cond := range cur.Status.Conditions {
				if cond.Type == "Established" && cond.Status == "True" {
					return true, nil
				}
			}
			return false, nil
		}); err != nil {
			return err
		}
		for _, v := range obj.Spec.Versions {
			if !v.Served {
				continue
			}
			p := "/apis/" + obj.Spec.Group + "/" + v.Name + "/" + obj.Spec.Names.Plural + "?limit=1"
			if err := poll(ctx, "GET "+p, func() (bool, error) {
				code, _, err := c.do(ctx, http.MethodGet, p, "", nil)
				return err == nil && code == http.StatusOK, nil
			}); err != nil {
				return err
			}
		}
	}
	fmt.Fprintf(os.Stderr, "kube-testenv: applied %d CRDs from %s\n", len(applied), dir)
	return nil
}

// splitYAML splits a multi-document YAML stream on "---" lines.
func splitYAML(raw []byte) [][]byte {
	var docs [][]byte
	var cur bytes.Buffer
	flush := func() {
		if len(bytes.TrimSpace(cur.Bytes())) > 0 {
			docs = append(docs, append([]byte(nil), cur.Bytes()...))
		}
		cur.Reset()
	}
	for _, line := range bytes.SplitAfter(raw, []byte("\n")) {
		if t := bytes.TrimRight(line, " \t\r\n"); bytes.Equal(t, []byte("---")) {
			flush()
			continue
		}
		cur.Write(line)
	}
	flush()
	return docs
}

func writeKubeconfig(o *options, server string) error {
	cluster := map[string]any{"server": server}
	if o.insecureConfig {
		cluster["insecure-skip-tls-verify"] = true
	} else {
		// The self-signed serving certificate and its CA, written by kube-apiserver.
		crt, err := os.ReadFile(filepath.Join(o.dir, "pki", "apiserver.crt"))
		if err != nil {
			return fmt.Errorf("reading serving certificate: %w", err)
		}
		cluster["certificate-authority-data"] = base64.StdEncoding.EncodeToString(crt)
	}
	cfg := map[string]any{
		"apiVersion": "v1",
		"kind":       "Config",
		"clusters":   []any{map[string]any{"name": "kube-testenv", "cluster": cluster}},
		"users":      []any{map[string]any{"name": "admin", "user": map[string]any{"token": o.token}}},
		"contexts": []any{map[string]any{"name": "kube-testenv", "context": map[string]any{
			"cluster": "kube-testenv", "user": "admin", "namespace": "default",
		}}},
		"current-context": "kube-testenv",
	}
	b, err := yaml.Marshal(cfg)
	if err != nil {
		return err
	}
	tmp := o.kubeconfig + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, o.kubeconfig)
}
