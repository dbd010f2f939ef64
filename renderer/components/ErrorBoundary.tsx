// SPDX-License-Identifier: Apache-2.0
/** Catches a view's render errors, keeps the shell (and the user's place) and offers a retry. */
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  /** Changing this resets the boundary (for example the route). */
  resetKey: string;
  children: ReactNode;
}

interface State {
  error: Error | undefined;
  key: string;
}

/** The error boundary around each page. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: undefined, key: this.props.resetKey };

  static getDerivedStateFromError(error: Error): Partial<State> {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.key ? { error: undefined, key: props.resetKey } : null;
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('view failed', error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="page error-page" role="alert">
        <h2>This view ran into a problem</h2>
        <p className="muted">{this.state.error.message}</p>
        <p>The rest of MLDeck still works; your place is kept in the address.</p>
        <button className="btn primary" onClick={() => this.setState({ error: undefined })}>
          Try again
        </button>
      </div>
    );
  }
}
