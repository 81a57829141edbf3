/** Installation-wide settings by name (the system read-only switch, the admin token's hash). */

export interface SettingsReads {
  getSetting(name: string): Promise<string | undefined>;
}

export interface SettingsWrites {
  putSetting(name: string, value: string): Promise<void>;
}
