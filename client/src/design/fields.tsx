/**
 * Labelled form controls for the side panel that commit to the document only what the schema takes:
 * a half-typed number or an emptied label stays in the field until it is valid again.
 */
import { useEffect, useId, useState } from 'react';

interface NumberFieldProps {
  label: string;
  value: number;
  min: number;
  max: number;
  disabled?: boolean;
  testId?: string;
  onCommit: (value: number) => void;
}

export function NumberField({
  label,
  value,
  min,
  max,
  disabled = false,
  testId,
  onCommit,
}: NumberFieldProps) {
  const id = useId();
  const [draft, setDraft] = useState(String(value));
  useEffect(() => setDraft(String(value)), [value]);
  const parsed = Number(draft);
  const valid = draft.trim() !== '' && Number.isInteger(parsed) && parsed >= min && parsed <= max;
  return (
    <div className="design-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="input"
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        value={draft}
        disabled={disabled}
        aria-invalid={!valid}
        data-testid={testId}
        onChange={(event) => {
          setDraft(event.target.value);
          const next = Number(event.target.value);
          if (event.target.value.trim() !== '' && Number.isInteger(next) && next >= min && next <= max)
            onCommit(next);
        }}
      />
      {!valid && <span className="design-field-error">{`a whole number from ${min} to ${max}`}</span>}
    </div>
  );
}

interface TextFieldProps {
  label: string;
  value: string;
  /** The shortest text the schema takes (1 for a label, 0 for a note). */
  minLength: number;
  maxLength: number;
  multiline?: boolean;
  disabled?: boolean;
  placeholder?: string;
  testId?: string;
  /** Called with the text, or undefined when an optional text was emptied. */
  onCommit: (value: string | undefined) => void;
}

export function TextField({
  label,
  value,
  minLength,
  maxLength,
  multiline = false,
  disabled = false,
  placeholder,
  testId,
  onCommit,
}: TextFieldProps) {
  const id = useId();
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const change = (next: string) => {
    setDraft(next);
    if (next.length < minLength || next.length > maxLength) return;
    onCommit(next === '' ? undefined : next);
  };
  const props = {
    id,
    className: multiline ? 'input design-textarea' : 'input',
    value: draft,
    maxLength,
    disabled,
    placeholder,
    'data-testid': testId,
    'aria-invalid': draft.length < minLength,
  };
  return (
    <div className="design-field">
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea {...props} rows={3} onChange={(event) => change(event.target.value)} />
      ) : (
        <input {...props} type="text" onChange={(event) => change(event.target.value)} />
      )}
      {draft.length < minLength && <span className="design-field-error">must not be empty</span>}
    </div>
  );
}

interface CheckFieldProps {
  label: string;
  checked: boolean;
  disabled?: boolean;
  testId?: string;
  onChange: (checked: boolean) => void;
}

export function CheckField({ label, checked, disabled = false, testId, onChange }: CheckFieldProps) {
  return (
    <label className="design-check">
      <input
        type="checkbox"
        checked={checked}
        disabled={disabled}
        data-testid={testId}
        onChange={(event) => onChange(event.target.checked)}
      />
      {label}
    </label>
  );
}
