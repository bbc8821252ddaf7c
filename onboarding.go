package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/charmbracelet/huh"

	"tvol/api"
	"tvol/config"
)

type onboardOutcome int

const (
	onboardKey onboardOutcome = iota // settings now hold a key
	onboardDemo
	onboardQuit
)

// onboard is the first run: no key from any source and no --demo. It offers to paste a key
// (checked with a real request before it is saved, at 0600), to name an environment
// variable instead, or to try the demo. A refused key keeps the user on the form.
func onboard(ctx context.Context, path string, s *config.Settings, logger *slog.Logger) (onboardOutcome, error) {
	choice, key, envName, problem := "paste", "", "TARGON_API_KEY", ""
	for {
		var fields []huh.Field
		if problem != "" {
			fields = append(fields, huh.NewNote().Title("That did not work").Description(problem))
		}
		fields = append(fields, huh.NewSelect[string]().
			Title("tvol needs a Targon API key").
			Description(fmt.Sprintf("No key was found for profile %q: %s.", s.Profile, s.KeySource)).
			Options(
				huh.NewOption("Paste a key (checked, then saved to "+path+", readable by you alone)", "paste"),
				huh.NewOption("Read it from an environment variable", "env"),
				huh.NewOption("Try the demo: a simulated fleet, no key needed", "demo"),
				huh.NewOption("Quit", "quit"),
			).Value(&choice))
		first := huh.NewGroup(fields...)
		pasted := huh.NewGroup(huh.NewInput().Title("API key").Description("It starts with tgn_. Input is hidden.").
			EchoMode(huh.EchoModePassword).Value(&key).Validate(func(k string) error {
			if strings.TrimSpace(k) == "" || strings.ContainsAny(strings.TrimSpace(k), " \t") {
				return errors.New("paste the key alone, or press ctrl+c")
			}
			return nil
		})).WithHideFunc(func() bool { return choice != "paste" })
		named := huh.NewGroup(huh.NewInput().Title("Environment variable").Value(&envName).Validate(func(n string) error {
			if n == "" || strings.ContainsAny(n, "= $\t") {
				return errors.New("a variable name such as TARGON_API_KEY")
			}
			return nil
		})).WithHideFunc(func() bool { return choice != "env" })
		if err := huh.NewForm(first, pasted, named).Run(); err != nil {
			if errors.Is(err, huh.ErrUserAborted) {
				return onboardQuit, nil
			}
			return onboardQuit, err
		}
		switch choice {
		case "demo":
			return onboardDemo, nil
		case "quit":
			return onboardQuit, nil
		case "env":
			if err := config.SaveKeySource(path, s.Profile, "", envName); err != nil {
				return onboardQuit, err
			}
			fmt.Printf("Saved: profile %q reads its key from $%s (%s).\n", s.Profile, envName, path)
			if s.APIKey = os.Getenv(envName); s.APIKey == "" {
				fmt.Printf("$%s is not set in this shell: set it, then run tvol again.\n", envName)
				return onboardQuit, nil
			}
			s.KeySource = "the environment variable " + envName
			return onboardKey, nil
		}
		key = strings.TrimSpace(key)
		if err := checkKey(ctx, s.BaseURL, key, logger); err != nil {
			problem = err.Error()
			continue
		}
		if err := config.SaveKeySource(path, s.Profile, key, ""); err != nil {
			return onboardQuit, err
		}
		s.APIKey, s.KeySource = key, "api_key in "+path
		return onboardKey, nil
	}
}

// checkKey makes one cheap request with the key, so a wrong key is caught before it is saved.
func checkKey(ctx context.Context, baseURL, key string, logger *slog.Logger) error {
	client, err := api.New(api.Options{BaseURL: baseURL, APIKey: key, Version: version, Logger: logger,
		Retry: api.RetryPolicy{MaxAttempts: 2}})
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	_, err = client.ListVolumes(ctx, api.ListOptions{Limit: 1})
	switch {
	case err == nil:
		return nil
	case api.IsUnauthorized(err):
		return fmt.Errorf("%s refused the key (401): check that it was copied whole", client.Host())
	case api.IsForbidden(err):
		return fmt.Errorf("the key is valid but may not list volumes (403): check its access")
	default:
		return fmt.Errorf("could not check the key: %v", err)
	}
}
