import type { ButtonHTMLAttributes } from "react";

type Variant = "primary" | "secondary" | "ghost" | "danger";

const VARIANTS: Record<Variant, string> = {
  primary: "bg-indigo-600 text-white hover:bg-indigo-500 border-transparent",
  secondary: "bg-white text-zinc-800 border-zinc-300 hover:bg-zinc-50 dark:bg-zinc-800 dark:text-zinc-100 dark:border-zinc-600 dark:hover:bg-zinc-700",
  ghost: "bg-transparent text-zinc-700 border-transparent hover:bg-zinc-200/70 dark:text-zinc-300 dark:hover:bg-zinc-700/60",
  danger: "bg-white text-red-700 border-red-300 hover:bg-red-50 dark:bg-zinc-800 dark:text-red-300 dark:border-red-800 dark:hover:bg-red-950",
};

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: Variant;
  size?: "sm" | "xs";
}

export function Button({ variant = "secondary", size = "sm", className = "", type = "button", ...rest }: ButtonProps) {
  const pad = size === "xs" ? "px-1.5 py-0.5 text-xs" : "px-2.5 py-1 text-sm";
  return (
    <button
      type={type}
      className={`inline-flex items-center gap-1 rounded-md border font-medium transition-colors disabled:cursor-not-allowed disabled:opacity-40 ${pad} ${VARIANTS[variant]} ${className}`}
      {...rest}
    />
  );
}

/** A square icon button: the label is its accessible name and tooltip. */
export function IconButton({ label, children, className = "", ...rest }: ButtonProps & { label: string }) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      className={`inline-flex h-6 w-6 items-center justify-center rounded text-xs text-zinc-500 hover:bg-zinc-200 hover:text-zinc-900 disabled:opacity-30 disabled:hover:bg-transparent dark:hover:bg-zinc-700 dark:hover:text-zinc-100 ${className}`}
      {...rest}
    >
      {children}
    </button>
  );
}
